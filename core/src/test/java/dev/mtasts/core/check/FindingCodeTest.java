package dev.mtasts.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FindingCodeTest {

  /** RFC 8460 §4.3 result types: a finding may only claim one of these. */
  private static final Set<String> RFC8460_RESULT_TYPES =
      Set.of(
          "starttls-not-supported",
          "certificate-host-mismatch",
          "certificate-expired",
          "certificate-not-trusted",
          "validation-failure",
          "tlsa-invalid",
          "dnssec-invalid",
          "dane-required",
          "sts-policy-fetch-error",
          "sts-policy-invalid",
          "sts-webpki-invalid");

  @ParameterizedTest
  @EnumSource(FindingCode.class)
  void everyMessageSaysWhyAndHowToFix(FindingCode code) {
    String message = code.message("Detail.");
    assertThat(message).startsWith("Detail. ").contains(" Fix: ");
    assertThat(code.why()).endsWith(".");
    assertThat(code.fix()).endsWith(".").hasSizeGreaterThan(20);
  }

  @ParameterizedTest
  @EnumSource(FindingCode.class)
  void resultTypesAreTheRfcStrings(FindingCode code) {
    code.tlsrptResultType().ifPresent(t -> assertThat(RFC8460_RESULT_TYPES).contains(t));
  }

  @Test
  void certificateFindingsMapToTheirOwnResultTypes() {
    assertThat(FindingCode.MX_CERT_EXPIRED.tlsrptResultType()).contains("certificate-expired");
    assertThat(FindingCode.MX_CERT_UNTRUSTED.tlsrptResultType())
        .contains("certificate-not-trusted");
    assertThat(FindingCode.MX_CERT_NAME_MISMATCH.tlsrptResultType())
        .contains("certificate-host-mismatch");
    assertThat(FindingCode.MX_STARTTLS_MISSING.tlsrptResultType())
        .contains("starttls-not-supported");
    assertThat(FindingCode.POLICY_CERT_EXPIRED.tlsrptResultType()).contains("sts-webpki-invalid");
  }

  @Test
  void severitiesFollowTheDesign() {
    assertThat(FindingCode.STS_RECORD_MISSING.defaultSeverity()).isEqualTo(Severity.INFO);
    assertThat(FindingCode.POLICY_MODE_NONE.defaultSeverity()).isEqualTo(Severity.WARNING);
    assertThat(FindingCode.TLSRPT_RECORD_MISSING.defaultSeverity()).isEqualTo(Severity.WARNING);
    assertThat(FindingCode.POLICY_MX_MISMATCH.defaultSeverity()).isEqualTo(Severity.ERROR);
  }
}
