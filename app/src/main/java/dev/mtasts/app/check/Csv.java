package dev.mtasts.app.check;

import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.check.Finding;
import java.util.List;
import java.util.stream.Collectors;

/** The CSV form of reports: one row per finding (RFC 4180), a header first. */
final class Csv {

  static final String HEADER = "domain,status,code,severity,subject,tlsrptResultType,message";

  private Csv() {}

  /** The rows of one report; a domain without findings gets one row with empty finding fields. */
  static List<String> rows(DomainReport report) {
    if (report.findings().isEmpty()) {
      return List.of(row(report.domain(), report.status().token(), "", "", "", "", ""));
    }
    return report.findings().stream().map(f -> row(report, f)).toList();
  }

  static String unchecked(String input, String code, String message) {
    return row(input, "invalid", code, "error", input, "", message);
  }

  private static String row(DomainReport report, Finding f) {
    return row(
        report.domain(),
        report.status().token(),
        f.code().name(),
        f.severity().token(),
        f.subject(),
        f.tlsrptResultType().orElse(""),
        f.message());
  }

  private static String row(String... fields) {
    return java.util.Arrays.stream(fields).map(Csv::field).collect(Collectors.joining(","));
  }

  /** RFC 4180 §2, as the dashboard's exports quote. */
  static String field(String value) {
    return dev.mtasts.app.api.Csv.quoted(value);
  }
}
