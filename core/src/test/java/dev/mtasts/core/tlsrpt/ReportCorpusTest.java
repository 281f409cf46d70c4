package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real report of the corpus, with its totals counted by hand from the files. */
class ReportCorpusTest {

  record Expected(
      String org,
      String reportId,
      int policies,
      long successful,
      long failed,
      int failureDetails,
      List<String> warnings) {}

  static Stream<Arguments> corpus() {
    return Stream.of(
        good(
            "mox-google.eml",
            "Google Inc.",
            "2022-09-15T00:00:00Z_test.xmox.nl",
            1,
            3,
            0,
            0,
            "EMAIL_REPORT_ID_MISMATCH",
            "REPORT_FAILURE_DETAILS_MISSING"),
        good(
            "mox-microsoft.eml",
            "Microsoft Corporation",
            "133198585438131172+test.xmox.nl",
            1,
            2,
            0,
            0,
            "EMAIL_REPORT_ID_UNBRACKETED",
            "REPORT_DATE_WITHOUT_ZONE",
            "REPORT_DATE_WITHOUT_ZONE",
            "REPORT_FAILURE_DETAILS_MISSING",
            "REPORT_MX_HOST_MISSING"),
        good(
            "parsedmarc-google.eml",
            "Google Inc.",
            "2024-09-03T00:00:00Z_cardinalhealth.ca",
            1,
            48,
            0,
            0,
            "EMAIL_REPORT_ID_MISMATCH",
            "REPORT_FAILURE_DETAILS_MISSING"),
        good(
            "parsedmarc-mailru.json",
            "Mail.ru",
            "b28254de-7b2e-be36-bb5c-4c3b92da8b25@mail.ru",
            1,
            0,
            1,
            2,
            "REPORT_END_NEXT_DAY",
            "REPORT_FAILURE_COUNT_BELOW_DETAILS",
            "REPORT_MX_HOST_MISSING",
            "REPORT_POLICY_STRING_MISSING",
            "REPORT_RECEIVING_MX_HOSTNAME_MISSING",
            "REPORT_RECEIVING_MX_HOSTNAME_MISSING",
            "REPORT_SENDING_MTA_IP_MISSING",
            "REPORT_SENDING_MTA_IP_MISSING"),
        good(
            "parsedmarc-rfc8460.json",
            "Company-X",
            "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
            1,
            5326,
            303,
            3,
            "REPORT_MX_HOST_NOT_ARRAY"),
        good(
            "parsedmarc-smtp_tls.json",
            "Example Inc.",
            "2024-01-09T00:00:00Z_example.com",
            1,
            0,
            3,
            2,
            "REPORT_MX_HOST_MISSING"),
        good(
            "stalwart-rpt02.eml",
            "Google Inc.",
            "2020-01-01T00:00:00Z_example.com",
            1,
            23,
            1,
            1,
            "EMAIL_MEDIA_TYPE_NONSTANDARD",
            "EMAIL_REPORT_DOMAIN_MISMATCH",
            "EMAIL_REPORT_ID_MISMATCH",
            "EMAIL_SUBMITTER_MISMATCH",
            "REPORT_MX_HOST_MISSING"),
        good(
            "stalwart-rpt03.json",
            "Google Inc.",
            "2019-04-14T00:00:00Z_example.org",
            2,
            2,
            0,
            0,
            "REPORT_COUNT_MISSING",
            "REPORT_COUNT_MISSING",
            "REPORT_FAILURE_DETAILS_MISSING",
            "REPORT_FAILURE_DETAILS_MISSING",
            "REPORT_POLICY_DOMAIN_MISSING",
            "REPORT_POLICY_DOMAIN_MISSING",
            "REPORT_POLICY_TYPE_UNKNOWN"),
        good(
            "tlsrptrs-google1.eml",
            "Google Inc.",
            "2024-09-15T00:00:00Z_krvtz.net",
            1,
            1,
            0,
            0,
            "EMAIL_REPORT_ID_MISMATCH",
            "REPORT_FAILURE_DETAILS_MISSING"),
        good(
            "tlsrptrs-google2.eml",
            "Google Inc.",
            "2024-09-18T00:00:00Z_krvtz.net",
            1,
            2,
            0,
            0,
            "EMAIL_REPORT_ID_MISMATCH",
            "REPORT_FAILURE_DETAILS_MISSING"),
        good(
            "tlsrptrs-mailru.eml",
            "Mail.ru",
            "c96d67df-0440-57f7-6e96-c83824d0fdf2@mail.ru",
            1,
            0,
            1,
            1,
            "EMAIL_SUBMITTER_MISMATCH",
            "REPORT_END_NEXT_DAY",
            "REPORT_MX_HOST_MISSING",
            "REPORT_POLICY_STRING_MISSING",
            "REPORT_RECEIVING_MX_HOSTNAME_MISSING",
            "REPORT_SENDING_MTA_IP_MISSING"),
        good(
            "tlsrptrs-microsoft1.eml",
            "Microsoft Corporation",
            "133708152202987951+krvtz.net",
            2,
            4,
            0,
            0,
            "EMAIL_HTML_PART",
            "EMAIL_REPORT_ID_UNBRACKETED",
            "REPORT_FAILURE_DETAILS_MISSING",
            "REPORT_FAILURE_DETAILS_MISSING",
            "REPORT_MX_HOST_MISSING",
            "REPORT_POLICY_STRING_NESTED_JSON"),
        good(
            "viewer-google.json",
            "Google Inc.",
            "2025-05-22T00:00:00Z_foo-bar.io",
            1,
            1,
            0,
            0,
            "REPORT_FAILURE_DETAILS_MISSING"),
        good(
            "viewer-microsoft.json",
            "Microsoft Corporation",
            "133925885310113267+random.net",
            2,
            4,
            0,
            0,
            "REPORT_FAILURE_DETAILS_MISSING",
            "REPORT_FAILURE_DETAILS_MISSING",
            "REPORT_MX_HOST_MISSING",
            "REPORT_POLICY_STRING_NESTED_JSON"),
        good(
            "viewer-no-contact.json",
            "server.com",
            "123_456",
            1,
            1,
            0,
            0,
            "REPORT_CONTACT_INFO_MISSING",
            "REPORT_END_NEXT_DAY",
            "REPORT_MX_HOST_PREFIXED"),
        good(
            "viewer-no-ip-and-mx.json",
            "Microsoft Corporation",
            "1234567890+",
            1,
            0,
            3,
            1,
            "REPORT_MX_HOST_MISSING",
            "REPORT_POLICY_STRING_MISSING",
            "REPORT_RECEIVING_MX_HOSTNAME_MISSING",
            "REPORT_SENDING_MTA_IP_MISSING"),
        good(
            "viewer-no-policy.json",
            "Google Inc.",
            "2025-03-27T00:00:00Z_foo-bar.io",
            1,
            1,
            0,
            0,
            "REPORT_FAILURE_DETAILS_MISSING"));
  }

  private static Arguments good(
      String file,
      String org,
      String reportId,
      int policies,
      long successful,
      long failed,
      int failureDetails,
      String... warnings) {
    return Arguments.of(
        file,
        new Expected(
            org, reportId, policies, successful, failed, failureDetails, List.of(warnings)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void readsWithExactTotalsAndWarnings(String file, Expected expected) {
    ParseResult<ReadReport> result = new ReportReader().read(Corpus.bytes(file));

    assertThat(result.errors()).isEmpty();
    Report report = result.orThrow().report();
    assertThat(report.organizationName()).isEqualTo(expected.org());
    assertThat(report.reportId()).isEqualTo(expected.reportId());
    assertThat(report.policies()).hasSize(expected.policies());
    assertThat(report.totalSuccessful()).isEqualTo(expected.successful());
    assertThat(report.totalFailed()).isEqualTo(expected.failed());
    assertThat(report.policies().stream().mapToInt(p -> p.failureDetails().size()).sum())
        .isEqualTo(expected.failureDetails());
    assertThat(result.warnings().stream().map(Problem::code).sorted().toList())
        .isEqualTo(expected.warnings());
    assertThat(result.orThrow().email().isPresent()).isEqualTo(file.endsWith(".eml"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void roundTripsThroughTheWriter(String file, Expected expected) {
    Report report = new ReportReader().read(Corpus.bytes(file)).orThrow().report();
    if (expected.warnings().contains("REPORT_POLICY_TYPE_UNKNOWN")
        || expected.warnings().contains("REPORT_RESULT_TYPE_UNKNOWN")) {
      // Read with a warning, but never written: the writer sends RFC 8460 values only.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReportWriter.toGzip(report))
          .isInstanceOf(ReportWriteException.class);
      return;
    }

    ParseResult<ReadReport> again = new ReportReader().read(ReportWriter.toGzip(report));

    assertThat(again.orThrow().report()).isEqualTo(report);
    assertThat(ReportWriter.toJson(again.orThrow().report()))
        .isEqualTo(ReportWriter.toJson(report));
  }

  @org.junit.jupiter.api.Test
  void everyCorpusFileIsCoveredAndOnlyTheNonReportIsRejected() {
    Set<String> covered = corpus().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
    List<String> files = Corpus.files().map(Path::getFileName).map(Path::toString).toList();

    assertThat(files).contains("tlsrptrs-not-a-report.eml");
    assertThat(files.stream().filter(f -> !covered.contains(f)))
        .containsExactly("tlsrptrs-not-a-report.eml");
    ParseResult<ReadReport> notAReport =
        new ReportReader().read(Corpus.bytes("tlsrptrs-not-a-report.eml"));
    assertThat(notAReport.errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_NOT_A_REPORT");
  }

  @org.junit.jupiter.api.Test
  void keepsTheValuesTheSenderMeant() {
    Report microsoft =
        new ReportReader().read(Corpus.bytes("mox-microsoft.eml")).orThrow().report();
    assertThat(microsoft.start()).isEqualTo(Instant.parse("2023-01-10T00:00:00Z"));
    assertThat(microsoft.end()).isEqualTo(Instant.parse("2023-01-10T23:59:59Z"));

    Report tlsa = new ReportReader().read(Corpus.bytes("viewer-microsoft.json")).orThrow().report();
    PolicyDetails dane = tlsa.policies().get(1).policy();
    assertThat(dane.policyType()).isEqualTo(PolicyType.TLSA);
    assertThat(dane.policyString())
        .containsExactly(
            "3 1 1 6007EEE553E85D8DF007A845D19EC343283D4E416E9A33F9EF3040C8B7C285BC",
            "3 1 1 837C773D54C2E2BD71871A3FC352BE8214D5646CBAE5E3091401A7274717998B");

    Report noContact =
        new ReportReader().read(Corpus.bytes("viewer-no-contact.json")).orThrow().report();
    assertThat(noContact.contactInfo()).isEmpty();
    assertThat(noContact.policies().getFirst().policy().mxHost()).containsExactly("mx.server.com");

    Report unknown =
        new ReportReader().read(Corpus.bytes("stalwart-rpt03.json")).orThrow().report();
    assertThat(unknown.policies().get(1).policy().policyType().value())
        .isEqualTo("invalid-policy-type");
    assertThat(unknown.policies().get(1).policy().policyType().isKnown()).isFalse();

    ReadReport mail = new ReportReader().read(Corpus.bytes("mox-google.eml")).orThrow();
    EmailEnvelope envelope = mail.email().orElseThrow();
    assertThat(envelope.reportDomain()).contains("test.xmox.nl");
    assertThat(envelope.reportSubmitter()).contains("google.com");
    assertThat(envelope.subjectReportId()).contains("2022.09.15T00.00.00Z+test.xmox.nl@google.com");
    assertThat(envelope.attachmentName())
        .contains("google.com!test.xmox.nl!1663200000!1663286399!001.json.gz");
  }
}
