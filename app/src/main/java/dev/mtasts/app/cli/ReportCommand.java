package dev.mtasts.app.cli;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.tlsrpt.EmailEnvelope;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.ReadReport;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportReader;
import dev.mtasts.core.tlsrpt.ReportWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** {@code report}: SMTP TLS reports (RFC 8460). */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Read and store SMTP TLS reports (RFC 8460).",
    subcommands = {
      ReportCommand.Parse.class,
      ReportImportCommand.class,
      ReportSummaryCommand.class,
      ReportSendCommand.class,
      ReportReadinessCommand.class
    })
final class ReportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return Commands.requireSubcommand(spec);
  }

  /** {@code report parse INPUT...}: read reports in any delivery format (docs/cli.md). */
  @Command(
      name = "parse",
      mixinStandardHelpOptions = true,
      description = {
        "Read TLS reports: JSON, gzip, zip, or a whole report email (RFC 8460 §5.3).",
        "The format is detected from the content, not from the file name.",
        "Exit 0: all are reports, 1: any is not, 2: unreadable input or usage error."
      })
  static final class Parse implements Callable<Integer> {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        arity = "1..*",
        paramLabel = "INPUT",
        description = "A report file (JSON, gzip, zip or email), or - for standard input.")
    List<String> inputs;

    @Option(names = "--json", description = "Print one JSON object per input (JSON Lines).")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ReportReader reader = new ReportReader();
      int exit = ExitCodes.OK;
      for (String input : inputs) {
        ParseResult<ReadReport> result;
        try (InputStream in = CliInput.open(input)) {
          result = reader.read(in);
        } catch (IOException e) {
          String reason = CliInput.reason(input, e);
          if (json) {
            out.println(
                errorLine(input, Problem.of(CliInput.UNREADABLE, "cannot read: " + reason)));
          } else {
            err.println(input + ": " + reason);
          }
          exit = ExitCodes.TOOL_ERROR;
          continue;
        }
        if (json) {
          out.println(jsonLine(input, result));
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

    // {"input":"PATH","ok":true,"report":{...},"warnings":[{"code":"...","message":"..."}]}
    private static String jsonLine(String input, ParseResult<ReadReport> result) {
      if (!(result instanceof ParseResult.Ok<ReadReport> ok)) {
        List<Problem> errors = result.errors();
        String more =
            errors.size() == 1
                ? ""
                : " (and "
                    + (errors.size() - 1)
                    + " more: "
                    + String.join(", ", errors.stream().skip(1).map(Problem::code).toList())
                    + ")";
        Problem first = errors.getFirst();
        return errorLine(input, Problem.of(first.code(), first.toString() + more));
      }
      StringWriter text = new StringWriter();
      try (JsonGenerator line = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
        line.writeStartObject();
        line.writeStringProperty("input", input);
        line.writeBooleanProperty("ok", true);
        line.writeName("report");
        // The report as read: a result-type newer than RFC 8460 is shown, not refused.
        ReportWriter.writeAsRead(line, ok.value().report());
        line.writeArrayPropertyStart("warnings");
        for (Problem warning : ok.warnings()) {
          problem(line, warning);
        }
        line.writeEndArray();
        line.writeEndObject();
      }
      return text.toString();
    }

    // {"input":"PATH","ok":false,"error":{"code":"...","message":"..."}}
    private static String errorLine(String input, Problem error) {
      StringWriter text = new StringWriter();
      try (JsonGenerator line = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
        line.writeStartObject();
        line.writeStringProperty("input", input);
        line.writeBooleanProperty("ok", false);
        line.writeName("error");
        problem(line, error);
        line.writeEndObject();
      }
      return text.toString();
    }

    private static void problem(JsonGenerator json, Problem problem) {
      json.writeStartObject();
      json.writeStringProperty("code", problem.code());
      json.writeStringProperty(
          "message", problem.line() == 0 ? problem.message() : problemText(problem));
      json.writeEndObject();
    }

    private static String problemText(Problem problem) {
      return "line " + problem.line() + ", column " + problem.column() + ": " + problem.message();
    }

    private static void printText(PrintWriter out, String input, ParseResult<ReadReport> result) {
      if (!(result instanceof ParseResult.Ok<ReadReport> ok)) {
        println(out, input + ": not a valid TLS report");
        result.errors().forEach(e -> println(out, "  error " + e.code() + ": " + describe(e)));
        result.warnings().forEach(w -> println(out, "  warning " + w.code() + ": " + describe(w)));
        return;
      }
      Report report = ok.value().report();
      println(out, input + ": TLS report from " + report.organizationName());
      println(out, "  report-id: " + report.reportId());
      println(
          out,
          "  period:    "
              + ReportWriter.toDate(report.start())
              + " to "
              + ReportWriter.toDate(report.end()));
      println(out, "  contact:   " + report.contactInfo().orElse("(none)"));
      ok.value().email().ifPresent(email -> printEmail(out, email));
      int index = 1;
      for (PolicyResult policy : report.policies()) {
        println(
            out,
            "  policy "
                + index++
                + ": "
                + policy.policy().policyType()
                + " "
                + policy.policy().policyDomain().orElse("(no domain)")
                + ": "
                + policy.summary().totalSuccessfulSessionCount()
                + " successful, "
                + policy.summary().totalFailureSessionCount()
                + " failed");
        FailureSummary.lines(policy.failureDetails(), "    ").forEach(line -> println(out, line));
      }
      ok.warnings().forEach(w -> println(out, "  warning " + w.code() + ": " + describe(w)));
    }

    private static void printEmail(PrintWriter out, EmailEnvelope email) {
      println(
          out,
          "  email:     TLS-Report-Domain "
              + email.reportDomain().orElse("(missing)")
              + ", TLS-Report-Submitter "
              + email.reportSubmitter().orElse("(missing)"));
    }

    /** A line of the text form, with what the report's sender wrote made {@link Visible}. */
    private static void println(PrintWriter out, String line) {
      out.println(Visible.text(line));
    }

    private static String describe(Problem problem) {
      return problem.line() == 0 ? problem.message() : problemText(problem);
    }
  }
}
