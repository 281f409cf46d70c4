package dev.mtasts.app.cli;

import dev.mtasts.app.lab.LabCommand;
import dev.mtasts.app.resolver.ResolverCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mtasts} command: one entry point, one subcommand per capability. */
@Command(
    name = "mtasts",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "MTA-STS (RFC 8461) and SMTP TLS Reporting (RFC 8460), end to end.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ValidateCommand.class,
      PolicyCommand.class,
      LabCommand.class,
      ResolverCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
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
    cli.setParameterExceptionHandler(
        (ex, argv) -> {
          ex.getCommandLine().getErr().println("mtasts: " + ex.getMessage());
          ex.getCommandLine().usage(ex.getCommandLine().getErr());
          return ExitCodes.TOOL_ERROR;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
