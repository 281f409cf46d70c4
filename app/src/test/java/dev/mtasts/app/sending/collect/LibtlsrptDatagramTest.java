package dev.mtasts.app.sending.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LibtlsrptDatagramTest {

  private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

  static byte[] fixture(String name) {
    try (InputStream in =
        LibtlsrptDatagramTest.class.getResourceAsStream("/tlsrpt-datagrams/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static LibtlsrptDatagram.Reading read(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return LibtlsrptDatagram.read(bytes, bytes.length, AT);
  }

  private static List<HandshakeResult> handshakes(byte[] bytes) {
    LibtlsrptDatagram.Reading reading = LibtlsrptDatagram.read(bytes, bytes.length, AT);
    assertThat(reading).isInstanceOf(LibtlsrptDatagram.Handshakes.class);
    return ((LibtlsrptDatagram.Handshakes) reading).results();
  }

  private static String invalidCode(String text) {
    LibtlsrptDatagram.Reading reading = read(text);
    assertThat(reading).isInstanceOf(LibtlsrptDatagram.Invalid.class);
    return ((LibtlsrptDatagram.Invalid) reading).code();
  }

  @Test
  void stsSuccessIsOneSuccessfulSessionUnderTheStsPolicy() {
    List<HandshakeResult> results = handshakes(fixture("sts-success.json"));

    assertThat(results).hasSize(1);
    HandshakeResult result = results.getFirst();
    assertThat(result.successful()).isTrue();
    assertThat(result.at()).isEqualTo(AT);
    assertThat(result.policyDomain()).isEqualTo("example.com");
    assertThat(result.policy().policyType()).isEqualTo(PolicyType.STS);
    assertThat(result.policy().policyDomain()).contains("example.com");
    assertThat(result.policy().policyString())
        .containsExactly(
            "version: STSv1",
            "mode: enforce",
            "mx: mail.example.com",
            "mx: *.example.net",
            "max_age: 604800");
    assertThat(result.policy().mxHost()).containsExactly("mail.example.com", "*.example.net");
  }

  @Test
  void aFailureDetailIsOneFailedSessionWithEveryField() {
    List<HandshakeResult> results = handshakes(fixture("sts-host-mismatch.json"));

    assertThat(results).hasSize(1);
    FailureDetails failure = results.getFirst().failure().orElseThrow();
    assertThat(failure)
        .isEqualTo(
            new FailureDetails(
                ResultType.CERTIFICATE_HOST_MISMATCH,
                Optional.of("192.0.2.10"),
                Optional.of("mail.example.com"),
                Optional.of("mail.example.com ESMTP"),
                Optional.of("198.51.100.25"),
                1,
                Optional.empty(),
                Optional.empty()));
  }

  @Test
  void noPolicyFoundTakesTheDatagramDomainAsPolicyDomain() {
    HandshakeResult result = handshakes(fixture("no-policy-success.json")).getFirst();

    assertThat(result.policy().policyType()).isEqualTo(PolicyType.NO_POLICY_FOUND);
    assertThat(result.policy().policyDomain()).contains("example.org");
    assertThat(result.policy().policyString()).isEmpty();
    assertThat(result.policy().mxHost()).isEmpty();
    assertThat(result.successful()).isTrue();
  }

  @Test
  void daneFailureKeepsTheReasonCode() {
    HandshakeResult result = handshakes(fixture("dane-validation-failure.json")).getFirst();

    assertThat(result.policy().policyType()).isEqualTo(PolicyType.TLSA);
    FailureDetails failure = result.failure().orElseThrow();
    assertThat(failure.resultType()).isEqualTo(ResultType.VALIDATION_FAILURE);
    assertThat(failure.failureReasonCode()).contains("self-signed_certificate");
    assertThat(failure.receivingMxHelo()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "201,starttls-not-supported",
    "202,certificate-host-mismatch",
    "203,certificate-not-trusted",
    "204,certificate-expired",
    "205,validation-failure",
    "301,sts-policy-fetch-error",
    "302,sts-policy-invalid",
    "303,sts-webpki-invalid",
    "304,tlsa-invalid",
    "305,dnssec-invalid",
    "306,dane-required"
  })
  void everyFailureCodeMapsToItsResultType(int code, String resultType) {
    List<HandshakeResult> results =
        handshakes(
            ("{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"failure-details\":"
                    + "[{\"c\":"
                    + code
                    + "}],\"t\":1,\"f\":1}]}")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(results).hasSize(1);
    assertThat(results.getFirst().failure().orElseThrow().resultType().value())
        .isEqualTo(resultType);
  }

  @Test
  void detailsOfAPolicyFinishedSuccessfullyAreFailedSessionsBesideTheSuccess() {
    // A producer that tried one MX in vain, then delivered to another (libtlsrpt allows it).
    List<HandshakeResult> results =
        handshakes(
            ("{\"dpv\":\"1\",\"d\":\"example.com\",\"policies\":[{\"policy-type\":9,"
                    + "\"failure-details\":[{\"c\":201,\"n\":\"mx1.example.com\"},"
                    + "{\"c\":203,\"n\":\"mx2.example.com\"}],\"t\":2,\"f\":0}]}")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(results).hasSize(3);
    assertThat(results.stream().filter(HandshakeResult::successful)).hasSize(1);
    assertThat(results.stream().filter(r -> !r.successful()).map(r -> r.failure().get()))
        .extracting(FailureDetails::resultType)
        .containsExactly(ResultType.STARTTLS_NOT_SUPPORTED, ResultType.CERTIFICATE_NOT_TRUSTED);
  }

  @Test
  void aFailedPolicyWithoutDetailIsOneValidationFailure() {
    List<HandshakeResult> results =
        handshakes(
            "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"t\":0,\"f\":1}]}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(results).hasSize(1);
    assertThat(results.getFirst().failure().orElseThrow().resultType())
        .isEqualTo(ResultType.VALIDATION_FAILURE);
  }

  @Test
  void missingOptionalFieldsAreReadAsAbsent() {
    // No dpv, pr, policy-domain, strings, patterns, t or f: one success.
    List<HandshakeResult> results =
        handshakes(
            "{\"d\":\"Example.COM.\",\"policies\":[{\"policy-type\":2}]}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(results).hasSize(1);
    assertThat(results.getFirst().policyDomain()).isEqualTo("example.com");
    assertThat(results.getFirst().successful()).isTrue();
  }

  @Test
  void severalPoliciesGiveOneResultEach() {
    List<HandshakeResult> results =
        handshakes(
            ("{\"d\":\"example.com\",\"policies\":[{\"policy-type\":1,\"policy-domain\":"
                    + "\"example.com\",\"f\":0},{\"policy-type\":2,\"f\":0}]}")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(results)
        .extracting(r -> r.policy().policyType())
        .containsExactly(PolicyType.TLSA, PolicyType.STS);
  }

  @Test
  void aUnicodeDomainBecomesItsALabel() {
    List<HandshakeResult> results =
        handshakes(
            "{\"d\":\"exämple.org\",\"policies\":[{\"policy-type\":9}]}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(results.getFirst().policyDomain()).isEqualTo("xn--exmple-cua.org");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "|NOT_JSON",
        "{|NOT_JSON",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2}]} trailing|NOT_JSON",
        "[]|NOT_AN_OBJECT",
        "\"text\"|NOT_AN_OBJECT",
        "{\"dpv\":\"2\",\"d\":\"example.com\",\"policies\":[{\"policy-type\":2}]}|PROTOCOL_VERSION",
        "{\"dpv\":1,\"d\":\"example.com\",\"policies\":[{\"policy-type\":2}]}|PROTOCOL_VERSION",
        "{\"policies\":[{\"policy-type\":2}]}|DOMAIN",
        "{\"d\":\"not a domain\",\"policies\":[{\"policy-type\":2}]}|DOMAIN",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"policy-domain\":\"-x-\"}]}|DOMAIN",
        "{\"d\":\"example.com\"}|POLICIES",
        "{\"d\":\"example.com\",\"policies\":[]}|POLICIES",
        "{\"d\":\"example.com\",\"policies\":{}}|POLICIES",
        "{\"d\":\"example.com\",\"policies\":[{}]}|POLICY_TYPE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":3}]}|POLICY_TYPE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":\"2\"}]}|POLICY_TYPE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2.5}]}|POLICY_TYPE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"failure-details\":[{}]}]}|FAILURE_CODE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"failure-details\":[{\"c\":901}]}]}|FAILURE_CODE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"failure-details\":[{\"c\":\"202\"}]}]}|FAILURE_CODE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"failure-details\":{}}]}|FIELD_TYPE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"failure-details\":[7]}]}|FIELD_TYPE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"failure-details\":[{\"c\":202,\"n\":5}]}]}|FIELD_TYPE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"policy-string\":\"mode: enforce\"}]}|FIELD_TYPE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"mx-host\":[1]}]}|FIELD_TYPE",
        "{\"d\":\"example.com\",\"policies\":[{\"policy-type\":2,\"f\":\"0\"}]}|FIELD_TYPE",
        "{\"d\":7,\"policies\":[{\"policy-type\":2}]}|FIELD_TYPE",
        "{\"d\":\"example.com\",\"policies\":[7]}|FIELD_TYPE"
      })
  void invalidDatagramsAreRefusedWithAReason(String text, String code) {
    assertThat(invalidCode(text == null ? "" : text)).isEqualTo(code);
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    // libtlsrpt copies bytes above 0x7f as they are; a Latin-1 name is not UTF-8.
    byte[] bytes =
        "{\"d\":\"x\",\"policies\":[{\"policy-type\":9}]}".getBytes(StandardCharsets.UTF_8);
    bytes[6] = (byte) 0xe4;
    LibtlsrptDatagram.Reading reading = LibtlsrptDatagram.read(bytes, bytes.length, AT);

    assertThat(reading).isInstanceOf(LibtlsrptDatagram.Invalid.class);
  }

  @Test
  void onlyTheReceivedLengthIsRead() {
    byte[] bytes = fixture("sts-success.json");
    byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 10);
    padded[bytes.length] = '{';

    assertThat(LibtlsrptDatagram.read(padded, bytes.length, AT))
        .isInstanceOf(LibtlsrptDatagram.Handshakes.class);
  }
}
