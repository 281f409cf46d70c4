package dev.mtasts.app.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mtasts help [COMMAND [SUBCOMMAND...]]}: the help of the command named by the whole path,
 * e.g. {@code help policy create}, not only of its first word (picocli's own help command stops
 * there).
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the help of a command, e.g. help policy create.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "The command and its subcommands, e.g. policy create.")
  List<String> path = List.of();

  private CommandLine self;
  private PrintWriter out;

  @Override
  public void init(
      CommandLine helpCommandLine,
      CommandLine.Help.ColorScheme colorScheme,
      PrintWriter out,
      PrintWriter err) {
    this.self = helpCommandLine;
    this.out = out;
  }

  @Override
  public void run() {
    CommandLine command = self.getParent();
    for (String name : path) {
      CommandLine sub = command.getSubcommands().get(name);
      if (sub == null) {
        throw new CommandLine.ParameterException(
            command, Commands.unknownSubcommand(command, name));
      }
      command = sub;
    }
    command.usage(out);
    out.flush();
  }
}
