package dev.mtasts.core.check;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import java.util.ArrayList;
import java.util.List;

/** The TLS-RPT record at {@code _smtp._tls.<domain>} (RFC 8460 §3). */
final class ReportingStep {

  private final DnsResolver dns;
  private final TlsRptRecordReader reader;

  ReportingStep(DnsResolver dns, TlsRptRecordReader reader) {
    this.dns = dns;
    this.reader = reader;
  }

  List<Finding> run(String domain) {
    String name = "_smtp._tls." + domain;
    DnsAnswer<String> answer = dns.txt(name);
    if (DnsFindings.isBogus(answer)) {
      return List.of(DnsFindings.bogus(name, answer));
    }
    if (answer.failed()) {
      return List.of(
          Finding.of(
              FindingCode.TLSRPT_RECORD_MISSING,
              name,
              "The TXT lookup of " + name + " failed: " + DnsFindings.failure(answer) + "."));
    }
    ParseResult<?> result = reader.select(answer.records());
    List<Finding> findings = new ArrayList<>();
    for (Problem error : result.errors()) {
      findings.add(Finding.of(code(error), name, detail(name, error, answer.records())));
    }
    for (Problem warning : result.warnings()) {
      findings.add(
          Finding.of(code(warning), name, detail(name, warning, answer.records()))
              .withSeverity(Severity.WARNING));
    }
    return findings;
  }

  private static FindingCode code(Problem problem) {
    return switch (problem.code()) {
      case "TLSRPT_RECORD_NONE" -> FindingCode.TLSRPT_RECORD_MISSING;
      case "TLSRPT_RECORD_MULTIPLE" -> FindingCode.TLSRPT_RECORD_MULTIPLE;
      case "TLSRPT_RUA_UNSUPPORTED" -> FindingCode.TLSRPT_RUA_UNSUPPORTED;
      default -> FindingCode.TLSRPT_RECORD_INVALID;
    };
  }

  private static String detail(String name, Problem problem, List<String> records) {
    String where = problem.column() > 0 ? ", column " + problem.column() : "";
    String found =
        records.isEmpty() ? "no TXT records" : "TXT records " + DnsFindings.quoted(records);
    return "The TLS-RPT record at "
        + name
        + where
        + ": "
        + problem.message()
        + " (found "
        + found
        + ").";
  }
}
