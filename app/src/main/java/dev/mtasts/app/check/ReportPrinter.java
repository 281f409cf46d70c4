package dev.mtasts.app.check;

import dev.mtasts.core.check.DomainReport;
import java.io.PrintWriter;

/** Prints reports in one format, one whole report at a time, from any thread. */
final class ReportPrinter {

  private final CheckCommand.Format format;
  private final PrintWriter out;
  private final TextReport text;
  private boolean headerPrinted;

  ReportPrinter(CheckCommand.Format format, PrintWriter out, Ansi ansi) {
    this.format = format;
    this.out = out;
    this.text = new TextReport(ansi);
  }

  synchronized void print(String input, DomainReport report) {
    switch (format) {
      case text -> out.println(text.render(report));
      case json -> out.println(ReportJson.line(ReportJson.of(input, report)));
      case csv -> {
        header();
        Csv.rows(report).forEach(out::println);
      }
    }
    out.flush();
  }

  /** A name that was not checked: not a domain, or the check itself failed. */
  synchronized void unchecked(String input, String code, String message) {
    switch (format) {
      case text ->
          out.println(input + "\n  ERROR " + CheckCommand.DOMAIN_INVALID + ": " + message + "\n");
      case json -> out.println(ReportJson.line(ReportJson.unchecked(input, code, message)));
      case csv -> {
        header();
        out.println(Csv.unchecked(input, code, message));
      }
    }
    out.flush();
  }

  private void header() {
    if (!headerPrinted) {
      out.println(Csv.HEADER);
      headerPrinted = true;
    }
  }
}
