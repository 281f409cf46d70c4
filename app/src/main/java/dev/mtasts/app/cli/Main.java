package dev.mtasts.app.cli;

import dev.mtasts.app.check.CheckCommand;
import dev.mtasts.app.demo.DemoCommand;
import dev.mtasts.app.lab.LabCommand;
import dev.mtasts.app.listen.CannotListenException;
import dev.mtasts.app.listen.CannotStartException;
import dev.mtasts.app.resolver.QueryCommand;
import dev.mtasts.app.resolver.ResolverCommand;
import dev.mtasts.app.serve.ServeCommand;
import dev.mtasts.core.tls.TlsClients;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mtasts} command: one entry point, one subcommand per capability. */
@Command(
    name = "mtasts",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "MTA-STS (RFC 8461) and SMTP TLS Reporting (RFC 8460), end to end.",
    subcommands = {
      HelpCommand.class,
      CheckCommand.class,
      ValidateCommand.class,
      PolicyCommand.class,
      ReportCommand.class,
      QueryCommand.class,
      ResolverCommand.class,
      ServeCommand.class,
      LabCommand.class,
      DemoCommand.class,
    })
public final class Main implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Before any TLS use: the JDK reads its TLS 1.0/1.1 ban once, and the checker's diagnostic
    // handshake needs it lifted to tell "speaks only old TLS" from other failures.
    TlsClients.allowLegacyProtocols();
    System.exit(run(args));
  }

  /**
   * Runs the command line and returns the exit code (0 ok, 1 problems found, 2 usage or tool
   * error).
   */
  public static int run(String... args) {
    return invocation(args).execute();
  }

  /**
   * A command line ready to run with the arguments it is to execute.
   *
   * @param cli the configured command line (set its output and error writers before running)
   * @param args what it executes
   */
  public record Invocation(CommandLine cli, List<String> args) {
    public Invocation {
      args = List.copyOf(args);
    }

    public int execute() {
      return cli.execute(args.toArray(String[]::new));
    }
  }

  /** What runs {@code args}: the whole command tree, or only the policy daemon's command. */
  public static Invocation invocation(String... args) {
    List<String> all = List.of(args);
    if (!all.isEmpty() && all.getFirst().equals(RESOLVER)) {
      // The policy daemon starts beside Postfix on small machines: building every command's model
      // would load the classes of all of them (a thousand, and Jackson's databind) before its
      // first answer. Same options, help, messages and exit codes as through the whole tree.
      CommandLine resolver =
          new CommandLine(new ResolverCommand()).setCommandName("mtasts " + RESOLVER);
      return new Invocation(configured(resolver), all.subList(1, all.size()));
    }
    return new Invocation(commandLine(), all);
  }

  private static final String RESOLVER = "resolver";

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return configured(new CommandLine(new Main()));
  }

  private static CommandLine configured(CommandLine cli) {
    cli.setExitCodeExceptionMapper(t -> ExitCodes.TOOL_ERROR);
    // A listener that cannot bind (a busy port, a second lab), or a part whose configured file or
    // socket cannot be used, is one line naming the address or key to change, not a stack trace.
    cli.setExecutionExceptionHandler(
        (ex, command, parsed) -> {
          for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof CannotListenException || t instanceof CannotStartException) {
              command
                  .getErr()
                  .println(command.getCommandSpec().qualifiedName() + ": " + t.getMessage());
              return ExitCodes.TOOL_ERROR;
            }
          }
          throw ex;
        });
    cli.setParameterExceptionHandler(
        (ex, argv) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("mtasts: " + Commands.message(ex));
          // A mistyped command or option ("chek") gets "Did you mean: mtasts check?" instead of
          // the whole usage.
          if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            ex.getCommandLine().usage(err);
          }
          return ExitCodes.TOOL_ERROR;
        });
    return cli;
  }

  @Override
  public Integer call() {
    return Commands.requireSubcommand(spec);
  }
}
