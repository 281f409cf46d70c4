package dev.mtasts.app.check;

import dev.mtasts.core.check.AddressReport;
import dev.mtasts.core.check.CertificateFacts;
import dev.mtasts.core.check.CheckStep;
import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.check.Finding;
import dev.mtasts.core.check.FindingCode;
import dev.mtasts.core.check.MxReport;
import dev.mtasts.core.check.Severity;
import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.fetch.PolicyFetcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The text form of a report: the facts and findings grouped by step (Records, Reporting, Policy,
 * one section per MX host), each finding with severity, code, subject and its whole message, then a
 * status line.
 */
final class TextReport {

  private static final String GENERAL_MX = "";

  private final Ansi ansi;

  TextReport(Ansi ansi) {
    this.ansi = ansi;
  }

  String render(DomainReport report) {
    StringBuilder out = new StringBuilder();
    out.append(ansi.bold(report.domain()));
    Domain.parse(report.domain())
        .ok()
        .filter(Domain::isInternationalized)
        .ifPresent(name -> out.append(" (").append(name.unicode()).append(')'));
    out.append('\n');
    String policyHost = PolicyFetcher.policyHost(report.domain());
    Map<String, List<Finding>> sections = sections(report, policyHost);

    out.append("  ").append(ansi.bold(CheckStep.RECORDS.title())).append('\n');
    report.stsRecordId().ifPresent(id -> fact(out, "_mta-sts id " + id));
    findings(out, sections.get(CheckStep.RECORDS.title()));
    out.append("  ").append(ansi.bold(CheckStep.REPORTING.title())).append('\n');
    checkedFindings(out, report, CheckStep.REPORTING, sections.get(CheckStep.REPORTING.title()));

    out.append("  ")
        .append(ansi.bold(CheckStep.POLICY.title() + " (" + policyHost + ")"))
        .append('\n');
    report
        .policy()
        .ifPresent(
            p ->
                fact(
                    out,
                    "mode "
                        + p.mode().token()
                        + ", max_age "
                        + p.maxAge()
                        + ", mx "
                        + String.join(", ", p.mx())));
    report.policyCertificate().ifPresent(c -> fact(out, "certificate " + certificate(c)));
    List<Finding> policyFindings = sections.get(CheckStep.POLICY.title());
    if (report.policy().isEmpty() && report.policyCertificate().isEmpty()) {
      Optional<String> cut = cutShort(report, CheckStep.POLICY);
      if (cut.isPresent() && policyFindings.isEmpty()) {
        fact(out, "not checked: " + cut.get());
      } else if (report.stsRecordId().isPresent() || !policyFindings.isEmpty()) {
        fact(out, "no policy");
      } else {
        fact(out, "not checked: no v=STSv1 record");
      }
    }
    if (!policyFindings.isEmpty()
        || report.policy().isPresent()
        || report.policyCertificate().isPresent()) {
      findings(out, policyFindings);
    }

    List<Finding> generalMx = sections.get(GENERAL_MX);
    if (!generalMx.isEmpty() || report.mx().isEmpty()) {
      out.append("  ").append(ansi.bold(CheckStep.MX.title())).append('\n');
      checkedFindings(out, report, CheckStep.MX, generalMx);
    }
    for (MxReport mx : report.mx()) {
      out.append("  ")
          .append(ansi.bold("MX " + mx.host() + " (preference " + mx.preference() + ")"))
          .append('\n');
      for (AddressReport a : mx.addresses()) {
        fact(out, a.address() + ": " + address(a));
      }
      if (!mx.tlsa().isEmpty()) {
        fact(out, "TLSA " + String.join("; ", mx.tlsa()));
      }
      findings(out, sections.get(mx.host()));
    }
    long errors = count(report, Severity.ERROR);
    long warnings = count(report, Severity.WARNING);
    long infos = count(report, Severity.INFO);
    out.append("  ")
        .append(ansi.status(report.status(), "Status: " + report.status().token()))
        .append(" (")
        .append(errors)
        .append(errors == 1 ? " error, " : " errors, ")
        .append(warnings)
        .append(warnings == 1 ? " warning, " : " warnings, ")
        .append(infos)
        .append(" info)\n");
    return out.toString();
  }

  /** The findings of a step, or why it was not checked: never "no problems found" for both. */
  private void checkedFindings(
      StringBuilder out, DomainReport report, CheckStep step, List<Finding> findings) {
    Optional<String> skipped = cutShort(report, step);
    if (skipped.isPresent() && findings.isEmpty()) {
      fact(out, "not checked: " + skipped.get());
    } else {
      findings(out, findings);
    }
  }

  /** Why {@code step} did not run: the deadline ran out in an earlier step. */
  private static Optional<String> cutShort(DomainReport report, CheckStep step) {
    return report.findings().stream()
        .filter(f -> f.code() == FindingCode.CHECK_DEADLINE)
        .map(Finding::subject)
        .flatMap(
            subject ->
                java.util.Arrays.stream(CheckStep.values())
                    .filter(s -> s.title().equals(subject) && s.ordinal() < step.ordinal()))
        .findFirst()
        .map(s -> "the deadline ran out in step " + s.title());
  }

  static long count(DomainReport report, Severity severity) {
    return report.findings().stream().filter(f -> f.severity() == severity).count();
  }

  /**
   * Places each finding: by its MX host when the subject names one, else by what the code is about;
   * a deadline finding goes to the step it names.
   */
  private static Map<String, List<Finding>> sections(DomainReport report, String policyHost) {
    Map<String, List<Finding>> sections = new LinkedHashMap<>();
    for (CheckStep step : List.of(CheckStep.RECORDS, CheckStep.REPORTING, CheckStep.POLICY)) {
      sections.put(step.title(), new ArrayList<>());
    }
    sections.put(GENERAL_MX, new ArrayList<>());
    report.mx().forEach(mx -> sections.put(mx.host(), new ArrayList<>()));
    for (Finding f : report.findings()) {
      sections.get(section(f, report, policyHost)).add(f);
    }
    return sections;
  }

  private static String section(Finding f, DomainReport report, String policyHost) {
    Optional<String> host =
        report.mx().stream()
            .map(MxReport::host)
            .filter(h -> f.subject().equals(h) || f.subject().startsWith(h + " ["))
            .findFirst();
    if (host.isPresent()) {
      return host.get();
    }
    String code = f.code().name();
    if (f.code() == FindingCode.CHECK_DEADLINE) {
      return f.subject().equals(CheckStep.MX.title()) ? GENERAL_MX : f.subject();
    }
    if (code.startsWith("TLSRPT_") || f.subject().startsWith("_smtp._tls.")) {
      return CheckStep.REPORTING.title();
    }
    if (code.startsWith("POLICY_") || f.subject().startsWith(policyHost)) {
      return CheckStep.POLICY.title();
    }
    if (code.startsWith("MX_") || code.startsWith("DANE_")) {
      return GENERAL_MX;
    }
    return CheckStep.RECORDS.title();
  }

  private void findings(StringBuilder out, List<Finding> findings) {
    if (findings.isEmpty()) {
      out.append("    ").append(ansi.dim("no problems found")).append('\n');
    }
    for (Finding f : findings) {
      String label = f.severity().token().toUpperCase(Locale.ROOT);
      out.append("    ")
          .append(ansi.severity(f.severity(), label))
          .append(' ')
          .append(ansi.bold(f.code().name()))
          .append(" [")
          .append(f.subject())
          .append("]\n      ")
          .append(f.message())
          .append('\n');
    }
  }

  private void fact(StringBuilder out, String text) {
    out.append("    ").append(ansi.dim("· ")).append(text).append('\n');
  }

  private static String address(AddressReport a) {
    if (!a.connected()) {
      return "no connection" + a.problem().map(p -> " (" + p + ")").orElse("");
    }
    if (a.tlsVersion().isEmpty()) {
      return (a.starttls() ? "STARTTLS offered, no TLS session" : "no STARTTLS")
          + a.problem().map(p -> " (" + p + ")").orElse("");
    }
    return "STARTTLS, "
        + a.tlsVersion().get()
        + " "
        + a.cipherSuite().orElse("")
        + a.certificate().map(c -> ", certificate " + certificate(c)).orElse("")
        + a.tlsaMatch().map(m -> m ? ", TLSA matches" : ", TLSA does not match").orElse("");
  }

  /** The dates in words nobody misreads: valid until, EXPIRED, or NOT valid yet. */
  private static String dates(CertificateFacts c) {
    return switch (c.validity()) {
      case VALID -> "valid until " + c.notAfter() + ", " + c.daysLeft() + " days left";
      case EXPIRED ->
          "EXPIRED at "
              + c.notAfter()
              + (c.daysLeft() < 0 ? ", " + -c.daysLeft() + " days ago" : "");
      case NOT_YET_VALID -> "NOT valid yet (until " + c.notAfter() + ")";
    };
  }

  private static String certificate(CertificateFacts c) {
    return c.subject()
        + " (issuer "
        + c.issuer()
        + "; names "
        + (c.dnsNames().isEmpty() ? "none" : String.join(", ", c.dnsNames()))
        + "; "
        + dates(c)
        + "; "
        + (c.chainTrusted() ? "chain trusted" : "chain NOT trusted")
        + "; "
        + (c.nameMatches() ? "name matches" : "name does NOT match")
        + ")";
  }
}
