package dev.mtasts.app.cli;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.policy.StsRecord;
import dev.mtasts.core.tlsrpt.TlsRptRecord;
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

/** {@code validate KIND INPUT...}: strict RFC validation of policies and DNS records. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate files against the RFC grammar and rules.",
      "KIND: policy (an mta-sts.txt file, RFC 8461 §3.2), sts-record (the _mta-sts TXT value, "
          + "RFC 8461 §3.1) or tlsrpt-record (the _smtp._tls TXT value, RFC 8460 §3).",
      "INPUT: a file, or - for standard input. Exit 0: all valid, 1: any invalid, 2: unreadable."
    })
final class ValidateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KIND", description = "policy | sts-record | tlsrpt-record")
  String kind;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT")
  List<String> inputs;

  @Option(names = "--json", description = "one JSON object per input (JSON Lines)")
  boolean json;

  private static ValidatorInput kind(String name) {
    return switch (name) {
      case "policy" ->
          ValidatorInput.document(Policy::parse, "POLICY_EMPTY", "POLICY_BOM", "policy");
      case "sts-record" ->
          ValidatorInput.record(StsRecord::parse, "STS_RECORD_EMPTY", "STS_RECORD_BOM");
      case "tlsrpt-record" ->
          ValidatorInput.record(TlsRptRecord::parse, "TLSRPT_RECORD_EMPTY", "TLSRPT_RECORD_BOM");
      default -> null;
    };
  }

  @Override
  public Integer call() {
    ValidatorInput reader = kind(kind);
    if (reader == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "unknown KIND '" + kind + "': expected policy, sts-record or tlsrpt-record");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int exit = ExitCodes.OK;
    for (String input : inputs) {
      byte[] bytes;
      try {
        bytes = CliInput.read(input);
      } catch (IOException e) {
        String reason = CliInput.reason(input, e);
        if (json) {
          printJson(
              out,
              input,
              ParseResult.err(Problem.of(CliInput.UNREADABLE, "cannot read: " + reason)));
        } else {
          err.println(input + ": " + reason);
        }
        exit = ExitCodes.TOOL_ERROR;
        continue;
      }
      ParseResult<?> result = reader.validate(bytes);
      if (json) {
        printJson(out, input, result);
      } else {
        printText(out, input, result);
      }
      if (!result.isOk() && exit == ExitCodes.OK) {
        exit = ExitCodes.PROBLEMS;
      }
    }
    out.flush();
    err.flush();
    return exit;
  }

  private static void printJson(PrintWriter out, String input, ParseResult<?> result) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("input", input);
    line.put("valid", result.isOk());
    line.put("errors", ProblemOutput.json(result.errors()));
    line.put("warnings", ProblemOutput.json(result.warnings()));
    out.println(ProblemOutput.JSON.writeValueAsString(line));
  }

  private static void printText(PrintWriter out, String input, ParseResult<?> result) {
    int errors = result.errors().size();
    int warnings = result.warnings().size();
    String summary = result.isOk() ? "valid" : "invalid, " + count(errors, "error");
    out.println(input + ": " + summary + (warnings > 0 ? ", " + count(warnings, "warning") : ""));
    result.errors().forEach(p -> out.println("  " + ProblemOutput.text("error", p)));
    result.warnings().forEach(p -> out.println("  " + ProblemOutput.text("warning", p)));
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
