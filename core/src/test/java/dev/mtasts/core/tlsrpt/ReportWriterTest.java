package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** What the writer sends is strict RFC 8460; sums over hostile counts do not wrap. */
class ReportWriterTest {

  private static final String MAX = Long.toString(Long.MAX_VALUE);

  private static Report read(String json) {
    ParseResult<ReadReport> result = new ReportReader().read(json.getBytes(StandardCharsets.UTF_8));
    return result.orThrow().report();
  }

  private static ParseResult<ReadReport> parse(String json) {
    return new ReportReader().read(json.getBytes(StandardCharsets.UTF_8));
  }

  // ---- RFC 8460 §4.3, §4.4: only the values the RFC defines are written

  @Test
  void anUnknownResultTypeIsRefusedWithItsPath() {
    Report report =
        read(ReportReaderTest.MINIMAL.replace("\"certificate-expired\"", "\"quantum-failure\""));

    assertThatThrownBy(() -> ReportWriter.toJson(report))
        .isInstanceOfSatisfying(
            ReportWriteException.class,
            e -> {
              assertThat(e.code()).isEqualTo("REPORT_RESULT_TYPE_UNKNOWN");
              assertThat(e.getMessage())
                  .contains("policies[0].failure-details[0].result-type \"quantum-failure\"");
            });
    assertThatThrownBy(() -> ReportWriter.toGzip(report)).isInstanceOf(ReportWriteException.class);
  }

  @Test
  void anUnknownPolicyTypeIsRefused() {
    Report report =
        read(
            ReportReaderTest.MINIMAL.replace(
                "\"policy-type\":\"sts\"", "\"policy-type\":\"dane\""));

    assertThatThrownBy(() -> ReportWriter.toJsonBytes(report))
        .isInstanceOfSatisfying(
            ReportWriteException.class,
            e -> assertThat(e.code()).isEqualTo("REPORT_POLICY_TYPE_UNKNOWN"));
  }

  @Test
  void aRefusedReportWritesNothingIntoTheCallersGenerator() {
    Report report =
        read(ReportReaderTest.MINIMAL.replace("\"certificate-expired\"", "\"quantum-failure\""));
    StringWriter text = new StringWriter();
    try (JsonGenerator json =
        JsonFactory.builder().build().createGenerator(ObjectWriteContext.empty(), text)) {
      assertThatThrownBy(() -> ReportWriter.write(json, report))
          .isInstanceOf(ReportWriteException.class);
    }
    assertThat(text.toString()).isEmpty();
  }

  @Test
  void aReportAsReadIsShownWithItsUnknownTypes() {
    Report report =
        read(ReportReaderTest.MINIMAL.replace("\"certificate-expired\"", "\"quantum-failure\""));
    StringWriter text = new StringWriter();
    try (JsonGenerator json =
        JsonFactory.builder().build().createGenerator(ObjectWriteContext.empty(), text)) {
      ReportWriter.writeAsRead(json, report);
    }
    assertThat(text.toString()).contains("\"result-type\":\"quantum-failure\"");
  }

  @Test
  void everyRfcTypeIsWritten() {
    Report report = read(ReportReaderTest.MINIMAL);
    assertThat(ReportWriter.toJson(report)).contains("\"result-type\":\"certificate-expired\"");
  }

  // ---- hostile counts: sums saturate at Long.MAX_VALUE instead of wrapping negative

  private static final String TWO_POLICIES_AT_MAX =
      ("{\"organization-name\":\"Org\",\"date-range\":{\"start-datetime\":\"2024-01-01T00:00:00Z\","
              + "\"end-datetime\":\"2024-01-01T23:59:59Z\"},\"contact-info\":\"r@org.example\","
              + "\"report-id\":\"id-1\",\"policies\":[POLICY,POLICY]}")
          .replace(
              "POLICY",
              "{\"policy\":{\"policy-type\":\"no-policy-found\",\"policy-domain\":\"d.example\"},"
                  + "\"summary\":{\"total-successful-session-count\":MAX,"
                  + "\"total-failure-session-count\":MAX},\"failure-details\":[{"
                  + "\"result-type\":\"certificate-expired\",\"failed-session-count\":MAX}]}")
          .replace("MAX", MAX);

  @Test
  void totalsOverHostileCountsSaturate() {
    Report report = read(TWO_POLICIES_AT_MAX);

    assertThat(report.totalSuccessful()).isEqualTo(Long.MAX_VALUE);
    assertThat(report.totalFailed()).isEqualTo(Long.MAX_VALUE);
    assertThat(ReportWriter.toJson(report)).contains("\"total-successful-session-count\":" + MAX);
  }

  @Test
  void failureDetailsSumOverHostileCountsSaturates() {
    // Two details of Long.MAX_VALUE each against a total of 5: the sum is above it, not negative.
    String json =
        ReportReaderTest.MINIMAL.replace(
            "\"failed-session-count\":1}]",
            "\"failed-session-count\":"
                + MAX
                + "},{\"result-type\":\"certificate-expired\",\"failed-session-count\":"
                + MAX
                + "}]");
    ParseResult<ReadReport> result = parse(json);

    assertThat(result.warnings())
        .filteredOn(w -> w.code().equals("REPORT_FAILURE_COUNT_BELOW_DETAILS"))
        .singleElement()
        .extracting(Problem::message)
        .asString()
        .contains("lower than the failure-details sum " + MAX);
  }

  @Test
  void sessionCountsAddUpToTheLimit() {
    assertThat(SessionCounts.add(2, 3)).isEqualTo(5);
    assertThat(SessionCounts.add(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(SessionCounts.add(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(SessionCounts.add(0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }
}
