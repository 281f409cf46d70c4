package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** The help texts: whole sentences, one verb form, no word broken across lines, help per path. */
class HelpTest {

  /** The imperative verbs command descriptions begin with ("Validate", not "Validates"). */
  private static final Set<String> VERBS =
      Set.of(
          "Audit",
          "Check",
          "Read",
          "Resolve",
          "Send",
          "Run",
          "Show",
          "Start",
          "Store",
          "Validate",
          "Work",
          "Write");

  /** Every command and subcommand, the top command first. */
  private static List<CommandLine> commands() {
    List<CommandLine> all = new ArrayList<>();
    all.add(Main.commandLine());
    for (int i = 0; i < all.size(); i++) {
      all.addAll(all.get(i).getSubcommands().values());
    }
    return all;
  }

  @Test
  void everyCommandsFirstDescriptionLineIsAWholeSentenceInTheImperative() {
    List<CommandLine> subcommands = commands().stream().skip(1).toList();

    assertThat(subcommands).hasSizeGreaterThanOrEqualTo(10);
    for (CommandLine command : subcommands) {
      String[] description = command.getCommandSpec().usageMessage().description();
      assertThat(description).as(command.getCommandName()).isNotEmpty();
      String first = description[0].strip();
      assertThat(first)
          .as("first description line of %s", command.getCommandName())
          .matches(".*[.?)]");
      assertThat(VERBS)
          .as("first word of %s: %s", command.getCommandName(), first)
          .contains(first.split(" ")[0]);
    }
  }

  @Test
  void everyDescriptionLineStartsASentence() {
    // Each element of a description is printed on a line of its own: "reads its
    // mta-sts-daemon.yml" / "as it is." broke a sentence in two.
    for (CommandLine command : commands()) {
      for (String line : command.getCommandSpec().usageMessage().description()) {
        assertThat(line)
            .as("a description line of %s", command.getCommandSpec().qualifiedName())
            .doesNotMatch("^\\s*\\p{Ll}.*");
      }
    }
  }

  @Test
  void noWordOfADescriptionIsBrokenAcrossLines() {
    // picocli breaks lines after a '.', so "(RFC 8460 §5.3)" could come out as "§5." and "3)".
    for (CommandLine command : commands()) {
      String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
      Stream<String> texts =
          Stream.concat(
              Stream.of(command.getCommandSpec().usageMessage().description()),
              Stream.concat(
                      command.getCommandSpec().options().stream(),
                      command.getCommandSpec().positionalParameters().stream())
                  .map(ArgSpec::description)
                  .flatMap(Stream::of));
      texts
          .flatMap(text -> Stream.of(text.split("\\s+")))
          .filter(word -> !word.contains("${") && !word.isEmpty())
          .forEach(
              word ->
                  assertThat(usage)
                      .as("help of %s", command.getCommandSpec().qualifiedName())
                      .contains(word));
    }
  }

  @Test
  void helpFollowsTheWholeCommandPath() {
    CliRun create = CliRun.run("help", "policy", "create");
    CliRun parse = CliRun.run("help", "report", "parse");

    assertThat(create.exit()).isZero();
    assertThat(create.out()).startsWith("Usage: mtasts policy create ");
    assertThat(parse.exit()).isZero();
    assertThat(parse.out()).startsWith("Usage: mtasts report parse ");
    assertThat(CliRun.run("help", "check").out()).startsWith("Usage: mtasts check ");
    assertThat(CliRun.run("help").out()).startsWith("Usage: mtasts [");
  }

  @Test
  void helpOfAnUnknownCommandIsAUsageError() {
    CliRun top = CliRun.run("help", "nope");
    CliRun nested = CliRun.run("help", "policy", "nope");

    assertThat(top.exit()).isEqualTo(2);
    assertThat(top.err()).startsWith("mtasts: no command 'nope': help, check, validate,");
    assertThat(nested.exit()).isEqualTo(2);
    assertThat(nested.err())
        .startsWith("mtasts: policy has no command 'nope': match, create")
        .contains("Usage: mtasts policy [");
    assertThat(nested.out()).isEmpty();
  }

  @Test
  void aCommandGroupWithoutItsSubcommandIsAUsageError() {
    CliRun none = CliRun.run();
    CliRun report = CliRun.run("report");
    CliRun policy = CliRun.run("policy");

    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err())
        .startsWith("mtasts: a command is required: help, check, validate, policy, report,")
        .contains("Usage: mtasts [");
    assertThat(report.exit()).isEqualTo(2);
    assertThat(report.err())
        .startsWith("mtasts: report needs a command: parse")
        .contains("Usage: mtasts report [");
    assertThat(policy.exit()).isEqualTo(2);
    assertThat(policy.err()).startsWith("mtasts: policy needs a command: match, create");
    assertThat(none.out() + report.out() + policy.out()).isEmpty();
  }

  @Test
  void aMistypedCommandGetsASuggestion() {
    CliRun top = CliRun.run("chek", "example.org");
    CliRun nested = CliRun.run("report", "pars", "x.json");

    assertThat(top.exit()).isEqualTo(2);
    assertThat(top.err())
        .startsWith("mtasts: no command 'chek': help, check, validate,")
        .contains("Did you mean: mtasts check")
        .doesNotContain("Usage:");
    assertThat(nested.exit()).isEqualTo(2);
    assertThat(nested.err())
        .startsWith("mtasts: report has no command 'pars': parse")
        .contains("Did you mean: report parse");
  }
}
