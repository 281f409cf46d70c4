package dev.mtasts.app.check;

import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.check.Severity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints reports in one format, one whole report at a time, from any thread; text ends with a
 * summary table, one short row per domain, when there was more than one.
 */
final class ReportPrinter {

  /** One domain's line in the summary. */
  private record Row(String input, String status, String counts) {}

  /** Rows kept for the summary; past this many it gives the counts per status only. */
  private static final int MAX_ROWS = 1000;

  private final CheckCommand.Format format;
  private final PrintWriter out;
  private final TextReport text;
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Integer> statuses = new TreeMap<>();
  private boolean headerPrinted;

  ReportPrinter(CheckCommand.Format format, PrintWriter out, Ansi ansi) {
    this.format = format;
    this.out = out;
    this.text = new TextReport(ansi);
  }

  /** Text is for people: it keeps the order the domains were given in. */
  boolean inInputOrder() {
    return format == CheckCommand.Format.text;
  }

  synchronized void print(String input, DomainReport report) {
    switch (format) {
      case text -> {
        out.println(text.render(report));
        row(new Row(input, report.status().token(), counts(report)));
      }
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
      case text -> {
        out.println(input + "\n  ERROR " + code + ": " + message + "\n");
        row(new Row(input, "invalid", code));
      }
      case json -> out.println(ReportJson.line(ReportJson.unchecked(input, code, message)));
      case csv -> {
        header();
        out.println(Csv.unchecked(input, code, message));
      }
    }
    out.flush();
  }

  private void row(Row row) {
    statuses.merge(row.status(), 1, Integer::sum);
    if (rows.size() < MAX_ROWS) {
      rows.add(row);
    }
  }

  /** The summary table of a text run over several domains, in input order. */
  synchronized void summary() {
    int domains = statuses.values().stream().mapToInt(Integer::intValue).sum();
    if (domains < 2) {
      return;
    }
    StringBuilder heading = new StringBuilder("Summary: " + domains + " domains");
    statuses.forEach((status, n) -> heading.append(", ").append(n).append(' ').append(status));
    out.println(heading);
    int width = rows.stream().mapToInt(r -> r.input().length()).max().orElse(0);
    for (Row row : rows) {
      out.println(
          "  " + pad(row.input(), width) + "  " + pad(row.status(), 7) + " " + row.counts());
    }
    if (domains > rows.size()) {
      out.println("  ... " + (domains - rows.size()) + " more (see their reports above)");
    }
    out.flush();
  }

  private static String counts(DomainReport report) {
    long errors = TextReport.count(report, Severity.ERROR);
    long warnings = TextReport.count(report, Severity.WARNING);
    return errors
        + (errors == 1 ? " error, " : " errors, ")
        + warnings
        + (warnings == 1 ? " warning" : " warnings");
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  private void header() {
    if (!headerPrinted) {
      out.println(Csv.HEADER);
      headerPrinted = true;
    }
  }
}
