package dev.mtasts.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.check.AddressReport;
import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.check.DomainStatus;
import dev.mtasts.core.check.Finding;
import dev.mtasts.core.check.FindingCode;
import dev.mtasts.core.check.MxReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the text output places each finding, and its colours. */
class TextReportTest {

  private static final TextReport PLAIN = new TextReport(new Ansi(false));

  private static DomainReport report(List<MxReport> mx, Finding... findings) {
    return report("example.com", mx, findings);
  }

  private static DomainReport report(String domain, List<MxReport> mx, Finding... findings) {
    List<Finding> all = List.of(findings);
    return new DomainReport(
        domain,
        DomainStatus.of(all),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        mx,
        all,
        Instant.EPOCH);
  }

  private static MxReport mx(String host) {
    return new MxReport(
        host,
        10,
        List.of(
            new AddressReport(
                "192.0.2.1",
                false,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("UNREACHABLE: refused"))),
        List.of());
  }

  @Test
  void anInternationalizedDomainShowsItsULabelsToo() {
    assertThat(PLAIN.render(report("xn--bcher-kva.example", List.of())))
        .startsWith("xn--bcher-kva.example (b\u00fccher.example)\n");
    assertThat(PLAIN.render(report(List.of()))).startsWith("example.com\n");
  }

  /** The text between a section heading and the next heading at the same indentation. */
  private static String section(String text, String heading) {
    int start = text.indexOf("\n  " + heading);
    assertThat(start).as("section %s in%n%s", heading, text).isPositive();
    int end = text.indexOf("\n  ", start + 3);
    while (end >= 0 && text.charAt(end + 3) == ' ') {
      end = text.indexOf("\n  ", end + 3);
    }
    return text.substring(start, end < 0 ? text.length() : end);
  }

  @Test
  void policyHostCertificateExpiringSoonIsUnderPolicy() {
    String text =
        PLAIN.render(
            report(
                List.of(mx("mx.example.com")),
                Finding.of(FindingCode.MX_CERT_EXPIRING_SOON, "mta-sts.example.com", "Soon.")));
    assertThat(section(text, "Policy")).contains("MX_CERT_EXPIRING_SOON");
    assertThat(section(text, "MX mx.example.com")).doesNotContain("MX_CERT_EXPIRING_SOON");
  }

  @Test
  void addressFindingsAndMismatchAreUnderTheirHost() {
    String text =
        PLAIN.render(
            report(
                List.of(mx("a.example.com"), mx("b.example.com")),
                Finding.of(FindingCode.MX_UNREACHABLE, "b.example.com [192.0.2.1]", "Gone."),
                Finding.of(FindingCode.POLICY_MX_MISMATCH, "b.example.com", "Not covered.")));
    assertThat(section(text, "MX b.example.com"))
        .contains("MX_UNREACHABLE [b.example.com [192.0.2.1]]", "POLICY_MX_MISMATCH")
        .contains("192.0.2.1: no connection (UNREACHABLE: refused)");
    assertThat(section(text, "MX a.example.com")).contains("no problems found");
  }

  @Test
  void domainWideMxFindingsGetTheirOwnSection() {
    String text =
        PLAIN.render(
            report(List.of(), Finding.of(FindingCode.MX_MISSING, "example.com", "No MX.")));
    assertThat(section(text, "MX hosts")).contains("ERROR MX_MISSING [example.com]");
    assertThat(section(text, "Records")).doesNotContain("MX_MISSING");
  }

  @Test
  void aDeadlineFindingSitsInTheStepItNames() {
    String text =
        PLAIN.render(
            report(List.of(), Finding.of(FindingCode.CHECK_DEADLINE, "Reporting", "Too slow.")));
    assertThat(section(text, "Reporting")).contains("CHECK_DEADLINE");
    assertThat(text).contains("Status: fail (1 error, 0 warnings, 0 info)");
  }

  @Test
  void stepsTheDeadlineCutOffSayNotCheckedAndNothingElse() {
    String text =
        PLAIN.render(
            report(List.of(), Finding.of(FindingCode.CHECK_DEADLINE, "Records", "Too slow.")));
    assertThat(section(text, "Reporting"))
        .contains("not checked: the deadline ran out in step Records")
        .doesNotContain("no problems found");
    assertThat(section(text, "Policy"))
        .contains("not checked: the deadline ran out in step Records")
        .doesNotContain("no problems found");
    assertThat(section(text, "MX hosts"))
        .contains("not checked: the deadline ran out in step Records")
        .doesNotContain("no problems found");
  }

  @Test
  void aPolicyStepCutOffByTheDeadlineIsNotCalledNoPolicy() {
    List<Finding> findings =
        List.of(Finding.of(FindingCode.CHECK_DEADLINE, "Reporting", "Too slow."));
    DomainReport report =
        new DomainReport(
            "example.com",
            DomainStatus.of(findings),
            Optional.of("20260101"),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            findings,
            Instant.EPOCH);
    assertThat(section(PLAIN.render(report), "Policy"))
        .contains("not checked: the deadline ran out in step Reporting")
        .doesNotContain("no policy", "no problems found");
  }

  @Test
  void tlsRptAndRecordFindings() {
    String text =
        PLAIN.render(
            report(
                List.of(),
                Finding.of(FindingCode.TLSRPT_RECORD_MISSING, "_smtp._tls.example.com", "None."),
                Finding.of(FindingCode.SPF_MISSING, "example.com", "None.")));
    assertThat(section(text, "Reporting")).contains("WARNING TLSRPT_RECORD_MISSING");
    assertThat(section(text, "Records")).contains("INFO SPF_MISSING");
  }

  @Test
  void colourOnlyWhenEnabled() {
    DomainReport r = report(List.of(), Finding.of(FindingCode.MX_MISSING, "example.com", "No."));
    assertThat(new TextReport(new Ansi(true)).render(r)).contains("\u001b[1;31mERROR\u001b[0m");
    assertThat(PLAIN.render(r)).doesNotContain("\u001b[");
  }
}
