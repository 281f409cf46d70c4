package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8460 §4.4 and §5: the reader on the RFC example, variants, and a table of bad input. */
class ReportReaderTest {

  /** A minimal strict report; the bad cases below each break one thing in it. */
  static final String MINIMAL =
      """
      {"organization-name":"Org","date-range":{"start-datetime":"2024-01-01T00:00:00Z",\
      "end-datetime":"2024-01-01T23:59:59Z"},"contact-info":"r@org.example","report-id":"id-1",\
      "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1"],\
      "policy-domain":"d.example","mx-host":["mx.d.example"]},"summary":{\
      "total-successful-session-count":5,"total-failure-session-count":1},"failure-details":[{\
      "result-type":"certificate-expired","sending-mta-ip":"192.0.2.1",\
      "receiving-mx-hostname":"mx.d.example","failed-session-count":1}]}]}""";

  private static ParseResult<ReadReport> read(String text) {
    return new ReportReader().read(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ParseResult<ReadReport> read(byte[] bytes) {
    return new ReportReader().read(bytes);
  }

  @Test
  void readsTheRfcExample() {
    Report report = read(Corpus.bytes("parsedmarc-rfc8460.json")).orThrow().report();

    assertThat(report.start()).isEqualTo(Instant.parse("2016-04-01T00:00:00Z"));
    assertThat(report.end()).isEqualTo(Instant.parse("2016-04-01T23:59:59Z"));
    assertThat(report.contactInfo()).contains("sts-reporting@company-x.example");
    PolicyResult policy = report.policies().getFirst();
    assertThat(policy.policy().policyType()).isEqualTo(PolicyType.STS);
    assertThat(policy.policy().policyString())
        .containsExactly(
            "version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400");
    assertThat(policy.policy().policyDomain()).contains("company-y.example");
    assertThat(policy.policy().mxHost()).containsExactly("*.mail.company-y.example");
    assertThat(policy.failureDetails())
        .extracting(FailureDetails::resultType)
        .containsExactly(
            ResultType.CERTIFICATE_EXPIRED,
            ResultType.STARTTLS_NOT_SUPPORTED,
            ResultType.VALIDATION_FAILURE);
    FailureDetails second = policy.failureDetails().get(1);
    assertThat(second.receivingIp()).contains("203.0.113.56");
    assertThat(second.additionalInformation())
        .contains(
            "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported");
    assertThat(policy.failureDetails().get(2).failureReasonCode())
        .contains("X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED");
  }

  @Test
  void minimalReportHasNoWarnings() {
    ParseResult<ReadReport> result = read(MINIMAL);

    assertThat(result.warnings()).isEmpty();
    assertThat(result.orThrow().email()).isEmpty();
  }

  @Test
  void writerOutputIsCanonical() {
    Report report = read(Corpus.bytes("parsedmarc-rfc8460.json")).orThrow().report();

    assertThat(ReportWriter.toJson(report))
        .startsWith(
            "{\"organization-name\":\"Company-X\",\"date-range\":{\"start-datetime\":"
                + "\"2016-04-01T00:00:00Z\",\"end-datetime\":\"2016-04-01T23:59:59Z\"},"
                + "\"contact-info\":\"sts-reporting@company-x.example\",\"report-id\":"
                + "\"5065427c-23d3-47ca-b6e0-946ea0e8c4be\",\"policies\":[{\"policy\":{"
                + "\"policy-type\":\"sts\",\"policy-string\":[\"version: STSv1\"")
        .contains("\"mx-host\":[\"*.mail.company-y.example\"]},\"summary\":{")
        .contains(
            "{\"result-type\":\"starttls-not-supported\",\"sending-mta-ip\":"
                + "\"2001:db8:abcd:0013::1\",\"receiving-mx-hostname\":"
                + "\"mx2.mail.company-y.example\",\"receiving-ip\":\"203.0.113.56\","
                + "\"failed-session-count\":200,\"additional-information\":");
    assertThat(read(ReportWriter.toJsonBytes(report)).warnings()).isEmpty();
  }

  static Stream<Arguments> tolerated() {
    return Stream.of(
        ok(MINIMAL.replace("\"mx-host\"", "\"mx-host-pattern\""), "REPORT_PROSE_KEY_NAME"),
        ok(
            MINIMAL.replace(
                "\"failed-session-count\":1}",
                "\"failed-session-count\":1," + "\"additional-info-uri\":\"https://x.example/i\"}"),
            "REPORT_PROSE_KEY_NAME"),
        ok(
            MINIMAL.replace(
                "\"total-successful-session-count\":5", "\"total-successful-session-count\":\"5\""),
            "REPORT_NUMBER_AS_STRING"),
        ok(
            MINIMAL.replace("\"certificate-expired\"", "\"quantum-failure\""),
            "REPORT_RESULT_TYPE_UNKNOWN"),
        ok(
            MINIMAL.replace(
                "\"policy-string\":[\"version: STSv1\"]", "\"policy-string\":\"version: STSv1\""),
            "REPORT_POLICY_STRING_NOT_ARRAY"),
        ok(
            MINIMAL.replace("\"2024-01-01T23:59:59Z\"", "\"2024-01-02T00:00:00Z\""),
            "REPORT_END_NEXT_DAY"),
        ok(MINIMAL.replace("\"policies\":[{", "\"extra\":{\"a\":[1]},\"policies\":[{")),
        ok(MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-01-01T01:00:00+01:00\"")),
        ok(MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-01-01t00:00:00z\"")),
        ok(
            MINIMAL.replace(
                ",\"total-failure-session-count\":1", ",\"total-failure-session-count\":0"),
            "REPORT_FAILURE_COUNT_BELOW_DETAILS"));
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        bad("", "REPORT_NOT_JSON"),
        bad("   ", "REPORT_NOT_JSON"),
        bad("[]", "REPORT_NOT_JSON"),
        bad("hello world", "REPORT_NOT_JSON"),
        bad("{", "REPORT_NOT_JSON"),
        bad("{\"a\":1,}", "REPORT_NOT_JSON"),
        bad(MINIMAL + "{}", "REPORT_NOT_JSON"),
        bad("{\"report-id\":\"a\",\"report-id\":\"b\"}", "REPORT_NOT_JSON"),
        bad("{}", "REPORT_MISSING_FIELD"),
        bad("{\"foo\":1}", "REPORT_MISSING_FIELD"),
        bad(MINIMAL.replace("\"organization-name\":\"Org\",", ""), "REPORT_MISSING_FIELD"),
        bad(MINIMAL.replace("\"report-id\":\"id-1\",", ""), "REPORT_MISSING_FIELD"),
        bad(
            MINIMAL.replace("\"start-datetime\":\"2024-01-01T00:00:00Z\",", ""),
            "REPORT_MISSING_FIELD"),
        bad(MINIMAL.replace("\"policy-type\":\"sts\",", ""), "REPORT_MISSING_FIELD"),
        bad(
            MINIMAL.replace("\"result-type\":\"certificate-expired\",", ""),
            "REPORT_MISSING_FIELD"),
        bad(MINIMAL.replace(",\"failed-session-count\":1", ""), "REPORT_MISSING_FIELD"),
        bad(
            MINIMAL.replace("\"organization-name\":\"Org\"", "\"organization-name\":7"),
            "REPORT_WRONG_TYPE"),
        bad(
            MINIMAL.replace("\"policies\":[{", "\"policies\":{\"x\":[{").replace("}]}]}", "}]}]}}"),
            "REPORT_WRONG_TYPE"),
        bad(
            MINIMAL.replace(
                "\"total-successful-session-count\":5", "\"total-successful-session-count\":5.5"),
            "REPORT_WRONG_TYPE"),
        bad(
            MINIMAL.replace(
                "\"total-successful-session-count\":5", "\"total-successful-session-count\":true"),
            "REPORT_WRONG_TYPE"),
        bad(
            MINIMAL.replace(
                "\"total-successful-session-count\":5",
                "\"total-successful-session-count\":99999999999999999999"),
            "REPORT_WRONG_TYPE"),
        bad(
            MINIMAL.replace(
                "\"total-successful-session-count\":5", "\"total-successful-session-count\":-5"),
            "REPORT_INVALID_VALUE"),
        bad(
            MINIMAL.replace("\"mx-host\":[\"mx.d.example\"]", "\"mx-host\":[1]"),
            "REPORT_WRONG_TYPE"),
        bad(
            MINIMAL
                .replace("\"summary\":{", "\"summary\":[{")
                .replace(
                    "\"total-failure-session-count\":1}", "\"total-failure-session-count\":1}]"),
            "REPORT_WRONG_TYPE"),
        bad(MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"yesterday\""), "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-13-01T00:00:00Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2023-02-29T00:00:00Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-04-31T00:00:00Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-01-01T24:00:00Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:60:00Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-01-01T00:00:60Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-00-01T00:00:00Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-01-01T0a:00:00Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-01-01 00:00:00Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"+024-01-01T00:00:00Z\""),
            "REPORT_INVALID_DATE"),
        bad(
            MINIMAL.replace("\"2024-01-01T00:00:00Z\"", "\"2024-01-03T00:00:00Z\""),
            "REPORT_DATE_RANGE_INVERTED"),
        bad("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "REPORT_JSON_LIMIT"));
  }

  private static Arguments ok(String json, String... warnings) {
    return Arguments.of(json, List.of(warnings));
  }

  private static Arguments bad(String input, String code) {
    return Arguments.of(input, code);
  }

  @ParameterizedTest(name = "[{index}] warns {1}")
  @MethodSource("tolerated")
  void toleratesWithWarnings(String json, List<String> warnings) {
    ParseResult<ReadReport> result = read(json);

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).extracting(Problem::code).isEqualTo(warnings);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("bad")
  void rejects(String input, String code) {
    ParseResult<ReadReport> result = read(input);

    assertThat(result.isOk()).isFalse();
    assertThat(result.errors()).extracting(Problem::code).contains(code);
  }

  @Test
  void collectsEveryErrorNotOnlyTheFirst() {
    assertThat(read("{}").errors())
        .extracting(Problem::message)
        .containsExactlyInAnyOrder(
            "organization-name is missing",
            "report-id is missing",
            "date-range is missing",
            "policies is missing (RFC 8460 §4: it MUST be an array)");
  }

  @Test
  void rejectsInvalidUtf8() {
    byte[] json = MINIMAL.replace("Org", "O\u00e9g").getBytes(StandardCharsets.UTF_8);
    int at = MINIMAL.indexOf("Org") + 1;
    json[at + 1] = (byte) 0x41; // break the two-byte sequence of é

    assertThat(read(json).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_INVALID_UTF8");
  }

  /** The TLSA quirk: only a JSON array of strings, and nothing after it, is expanded. */
  @ParameterizedTest
  @MethodSource("nestedPolicyStrings")
  void nestedPolicyString(String held, List<String> expected) {
    String json =
        MINIMAL.replace(
            "\"policy-string\":[\"version: STSv1\"]",
            "\"policy-string\":[\"" + held.replace("\"", "\\\"") + "\"]");
    ParseResult<ReadReport> result = read(json);

    assertThat(result.orThrow().report().policies().getFirst().policy().policyString())
        .containsExactlyElementsOf(expected);
    boolean expanded = !expected.equals(List.of(held));
    assertThat(result.warnings())
        .extracting(Problem::code)
        .filteredOn("REPORT_POLICY_STRING_NESTED_JSON"::equals)
        .hasSize(expanded ? 1 : 0);
  }

  static Stream<Arguments> nestedPolicyStrings() {
    return Stream.of(
        Arguments.of("[\"2 1 1 AB\", \"3 1 1 CD\"]", List.of("2 1 1 AB", "3 1 1 CD")),
        Arguments.of(" [] ", List.of()),
        Arguments.of("[\"2 1 1 AB\", 1]", List.of("[\"2 1 1 AB\", 1]")),
        Arguments.of("[\"2 1 1 AB\"] x", List.of("[\"2 1 1 AB\"] x")),
        Arguments.of("[\"2 1 1 AB\"][]", List.of("[\"2 1 1 AB\"][]")),
        Arguments.of("[\"2 1 1 AB\"", List.of("[\"2 1 1 AB\"")),
        Arguments.of("[[\"2 1 1 AB\"]]", List.of("[[\"2 1 1 AB\"]]")),
        Arguments.of("[null]", List.of("[null]")));
  }

  @Test
  void rejectsUtf16() {
    // RFC 8460 §4: I-JSON, so UTF-8 only; Jackson alone would detect UTF-16 and read it.
    assertThat(read(MINIMAL.getBytes(StandardCharsets.UTF_16LE)).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_NOT_JSON");
  }

  @Test
  void rejectsNulByte() {
    byte[] json = MINIMAL.getBytes(StandardCharsets.UTF_8);
    json[MINIMAL.indexOf("Org")] = 0;

    assertThat(read(json).errors()).extracting(Problem::code).containsExactly("REPORT_NOT_JSON");
  }

  @Test
  void rejectsHugeStrings() {
    ReportReader.Limits small =
        new ReportReader.Limits(1 << 20, 1 << 20, 16, 1000, 10, 10, 4, 100, 1000);
    String json = MINIMAL.replace("\"Org\"", "\"" + "x".repeat(5000) + "\"");

    assertThat(new ReportReader(small).read(json.getBytes(StandardCharsets.UTF_8)).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_JSON_LIMIT");
  }

  @Test
  void enforcesPolicyAndFailureDetailCounts() {
    ReportReader.Limits small =
        new ReportReader.Limits(1 << 20, 1 << 20, 16, 1000, 1, 1, 4, 100, 1000);
    String twoPolicies = MINIMAL.replace("\"policies\":[{", "\"policies\":[{\"x\":1},{");
    String twoDetails =
        MINIMAL.replace(
            "\"failure-details\":[{",
            "\"failure-details\":[{\"result-type\":\"x\",\"failed-session-count\":1},{");

    assertThat(new ReportReader(small).read(twoPolicies.getBytes(StandardCharsets.UTF_8)).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_TOO_MANY_POLICIES");
    assertThat(new ReportReader(small).read(twoDetails.getBytes(StandardCharsets.UTF_8)).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_TOO_MANY_FAILURE_DETAILS");
  }

  @Test
  void rejectsInputAboveTheLimit() {
    ReportReader.Limits small =
        new ReportReader.Limits(100, 1 << 20, 16, 1000, 10, 10, 4, 100, 1000);

    assertThat(new ReportReader(small).read(MINIMAL.getBytes(StandardCharsets.UTF_8)).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_TOO_LARGE");
  }

  @Test
  void readsGzipAndZip() throws IOException {
    Report report = read(MINIMAL).orThrow().report();

    assertThat(read(ReportWriter.toGzip(report)).orThrow().report()).isEqualTo(report);
    assertThat(
            read(zip(
                    "readme.txt",
                    "not it".getBytes(StandardCharsets.UTF_8),
                    "r.json.gz",
                    ReportWriter.toGzip(report)))
                .orThrow()
                .report())
        .isEqualTo(report);
    assertThat(read(zip("r.json", ReportWriter.toJsonBytes(report))).orThrow().report())
        .isEqualTo(report);
  }

  @Test
  void rejectsBrokenCompression() throws IOException {
    byte[] gzip = ReportWriter.toGzip(read(MINIMAL).orThrow().report());
    byte[] corrupt = gzip.clone();
    corrupt[corrupt.length - 8] ^= (byte) 0xff; // the CRC-32 of the trailer
    byte[] zipWithoutReport = zip("a.txt", "text".getBytes(StandardCharsets.UTF_8));
    byte[] gzipOfText = ReportTestData.gzip("plain text".getBytes(StandardCharsets.UTF_8));

    assertThat(read(Arrays.copyOf(gzip, gzip.length / 2)).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_GZIP_TRUNCATED");
    assertThat(read(corrupt).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_GZIP_INVALID");
    assertThat(read(zipWithoutReport).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_NOT_A_REPORT");
    assertThat(read(gzipOfText).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_NOT_JSON");
    assertThat(read(new byte[] {'P', 'K', 3, 4, 1, 2}).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_ZIP_INVALID");
  }

  // RFC 8460 §5.3: the email forms real senders use.
  @Test
  void readsEmailVariants() {
    Report report = read(MINIMAL).orThrow().report();
    String gzipBase64 = Base64.getMimeEncoder().encodeToString(ReportWriter.toGzip(report));

    String standard =
        email(
            "multipart/report; report-type=\"tlsrpt\"; boundary=\"b\"",
            part("text/plain", null, "Human readable."),
            part("application/tlsrpt+gzip", "base64", gzipBase64));
    String reversedUnquoted =
        email(
            "multipart/report; boundary=b; report-type=tlsrpt",
            part("application/tlsrpt+json", "quoted-printable", MINIMAL.replace("=", "=3D")),
            part("text/plain", null, "Human readable."));
    String octetStream =
        email(
            "multipart/report; report-type=tlsrpt; boundary=b",
            part("text/plain", null, "Human readable."),
            part("application/octet-stream; name=\"x.json.gz\"", "base64", gzipBase64));
    String mixed =
        email("multipart/mixed; boundary=b", part("application/gzip", "base64", gzipBase64));

    assertThat(read(standard).warnings()).isEmpty();
    assertThat(read(reversedUnquoted).orThrow().report()).isEqualTo(report);
    assertThat(read(reversedUnquoted).warnings()).isEmpty();
    assertThat(read(octetStream).warnings())
        .extracting(Problem::code)
        .containsExactly("EMAIL_MEDIA_TYPE_NONSTANDARD");
    assertThat(read(octetStream).orThrow().email().flatMap(EmailEnvelope::attachmentName))
        .isEqualTo(Optional.of("x.json.gz"));
    assertThat(read(mixed).warnings())
        .extracting(Problem::code)
        .containsExactly("EMAIL_MEDIA_TYPE_NONSTANDARD", "EMAIL_NOT_MULTIPART_REPORT");
  }

  @Test
  void rejectsBadEmails() {
    String noReport =
        email(
            "multipart/report; report-type=tlsrpt; boundary=b",
            part("text/plain", null, "Only words."));
    String badReport =
        email(
            "multipart/report; report-type=tlsrpt; boundary=b",
            part("application/tlsrpt+json", null, "{\"report-id\":1}"));
    String manyHeaders = "X-A: 1\r\n".repeat(2000) + "\r\nbody";
    String longLine = "Subject: " + "x".repeat(100_000) + "\r\n\r\nbody";

    assertThat(read(noReport).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_NOT_A_REPORT");
    assertThat(read(badReport).errors()).extracting(Problem::code).contains("REPORT_WRONG_TYPE");
    assertThat(read(manyHeaders).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_EMAIL_INVALID");
    assertThat(read(longLine).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_EMAIL_INVALID");
  }

  private static String email(String contentType, String... parts) {
    return "From: r@org.example\r\nTLS-Report-Domain: d.example\r\n"
        + "TLS-Report-Submitter: org.example\r\n"
        + "Subject: Report Domain: d.example Submitter: org.example Report-ID: <id-1>\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: "
        + contentType
        + "\r\n\r\n"
        + String.join("", parts)
        + "--b--\r\n";
  }

  private static String part(String type, String encoding, String body) {
    return "--b\r\nContent-Type: "
        + type
        + "\r\n"
        + (encoding == null ? "" : "Content-Transfer-Encoding: " + encoding + "\r\n")
        + "\r\n"
        + body
        + "\r\n";
  }

  private static byte[] zip(Object... namesAndContents) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) namesAndContents[i]));
        zip.write((byte[]) namesAndContents[i + 1]);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
