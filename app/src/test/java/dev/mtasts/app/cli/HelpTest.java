package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A command list shows only the first line of each description, so that line must be a whole
 * sentence: "a drop-in for" cut off mid-phrase says nothing.
 */
class HelpTest {

  @Test
  void everyCommandsFirstDescriptionLineIsAWholeSentence() {
    Deque<CommandLine> commands = new ArrayDeque<>();
    commands.add(Main.commandLine());
    int seen = 0;
    while (!commands.isEmpty()) {
      CommandLine command = commands.poll();
      commands.addAll(command.getSubcommands().values());
      String[] description = command.getCommandSpec().usageMessage().description();
      if (command.getParent() == null || command.getCommandName().equals("help")) {
        continue;
      }
      seen++;
      assertThat(description).as(command.getCommandName()).isNotEmpty();
      assertThat(description[0].strip())
          .as("first description line of %s", command.getCommandName())
          .matches(".*[.?)]");
    }
    assertThat(seen).as("commands looked at").isGreaterThanOrEqualTo(10);
  }
}
