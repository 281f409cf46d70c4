package dev.mtasts.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** What every command group (a command that only holds subcommands) does and says. */
public final class Commands {

  private Commands() {}

  /**
   * A command group given without its subcommand: a usage error (exit 2), with the usage, as for
   * any missing argument.
   */
  public static int requireSubcommand(CommandSpec group) {
    throw new CommandLine.ParameterException(
        group.commandLine(),
        (group.parent() == null ? "a command is required" : group.name() + " needs a command")
            + ": "
            + String.join(", ", group.subcommands().keySet()));
  }

  /**
   * The message of a usage error; an unknown word where a command group expects its subcommand says
   * so ({@code no command 'chek': ...}) instead of picocli's "Unmatched argument at index 0".
   */
  static String message(CommandLine.ParameterException ex) {
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && !ex.getCommandLine().getSubcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().getFirst().startsWith("-")) {
      return unknownSubcommand(ex.getCommandLine(), unmatched.getUnmatched().getFirst());
    }
    return ex.getMessage();
  }

  /** e.g. {@code policy has no command 'mach': match, create}. */
  static String unknownSubcommand(CommandLine group, String name) {
    return (group.getParent() == null
            ? "no command '"
            : group.getCommandName() + " has no command '")
        + name
        + "': "
        + String.join(", ", group.getSubcommands().keySet());
  }
}
