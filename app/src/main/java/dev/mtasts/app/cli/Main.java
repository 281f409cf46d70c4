package dev.mtasts.app.cli;

import dev.mtasts.app.check.CheckCommand;
import dev.mtasts.app.demo.DemoCommand;
import dev.mtasts.app.lab.LabCommand;
import dev.mtasts.app.listen.CannotListenException;
import dev.mtasts.app.resolver.QueryCommand;
import dev.mtasts.app.resolver.ResolverCommand;
import dev.mtasts.app.serve.ServeCommand;
import dev.mtasts.core.tls.TlsClients;
import java.io.PrintWriter;
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
    return commandLine().execute(args);
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(t -> ExitCodes.TOOL_ERROR);
    // A listener that cannot bind (a busy port, a second lab) is one line naming the address and
    // the setting to change, not a stack trace.
    cli.setExecutionExceptionHandler(
        (ex, command, parsed) -> {
          for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof CannotListenException listen) {
              command
                  .getErr()
                  .println("mtasts " + command.getCommandName() + ": " + listen.getMessage());
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
