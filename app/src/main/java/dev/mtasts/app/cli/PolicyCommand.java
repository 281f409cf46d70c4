package dev.mtasts.app.cli;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Policy;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code policy ...}: work with MTA-STS policy files (RFC 8461 §3.2). */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Work with MTA-STS policy files.",
    subcommands = {
      PolicyCommand.Match.class,
      PolicyCreateCommand.class,
      PolicyRecordsCommand.class,
      PolicyHistoryCommand.class,
      PolicyPromoteCommand.class,
      PolicyRetireCommand.class
    })
final class PolicyCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return Commands.requireSubcommand(spec);
  }

  /** {@code policy match POLICY_FILE HOST...}: RFC 8461 §4.1 MX host validation. */
  @Command(
      name = "match",
      mixinStandardHelpOptions = true,
      description = {
        "Check each MX host name against the policy's mx patterns (RFC 8461 §4.1).",
        "Exit 0: all match, 1: any does not, 2: the policy is unreadable or invalid."
      })
  static final class Match implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "POLICY_FILE",
        description = "A policy file, or - for standard input.")
    String policyFile;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "HOST",
        description = "An MX host name, e.g. mx1.example.org.")
    List<String> hosts;

    @Option(names = "--json", description = "Print one JSON object per host (JSON Lines).")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ParseResult<Policy> result;
      try {
        result = Policy.parse(CliInput.read(policyFile));
      } catch (IOException e) {
        err.println(policyFile + ": " + CliInput.reason(policyFile, e));
        return ExitCodes.TOOL_ERROR;
      }
      if (!(result instanceof ParseResult.Ok<Policy> ok)) {
        err.println(policyFile + ": invalid policy");
        result.errors().forEach(p -> err.println("  " + ProblemOutput.text("error", p)));
        return ExitCodes.TOOL_ERROR;
      }
      boolean allMatch = true;
      for (String host : hosts) {
        boolean match = ok.value().matchesMx(host);
        allMatch &= match;
        if (json) {
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("host", host);
          line.put("match", match);
          out.println(ProblemOutput.JSON.writeValueAsString(line));
        } else {
          out.println(host + ": " + (match ? "match" : "no match"));
        }
      }
      out.flush();
      return allMatch ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
  }
}
