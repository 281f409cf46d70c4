package dev.mtasts.app.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What enforce would do to each result type under each policy type (RFC 8461 §5, §3.3). */
class EnforceEffectTest {

  @ParameterizedTest
  @CsvSource({
    "sts, starttls-not-supported, BLOCKED",
    "sts, certificate-host-mismatch, BLOCKED",
    "sts, certificate-expired, BLOCKED",
    "sts, certificate-not-trusted, BLOCKED",
    "sts, validation-failure, BLOCKED",
    "STS, Certificate-Expired, BLOCKED",
    "sts, sts-policy-fetch-error, POLICY_NOT_APPLIED",
    "sts, sts-policy-invalid, POLICY_NOT_APPLIED",
    "sts, sts-webpki-invalid, POLICY_NOT_APPLIED",
    "sts, tlsa-invalid, NOT_STS",
    "sts, dnssec-invalid, NOT_STS",
    "sts, dane-required, NOT_STS",
    "tlsa, certificate-expired, NOT_STS",
    "tlsa, starttls-not-supported, NOT_STS",
    "no-policy-found, starttls-not-supported, NOT_STS",
    "no-policy-found, certificate-expired, NOT_STS",
    "sts, some-future-type, UNKNOWN",
    "something-else, some-future-type, NOT_STS"
  })
  void effectOf(String policyType, String resultType, EnforceEffect expected) {
    EnforceEffect effect = EnforceEffect.of(policyType, resultType);
    assertThat(effect).isEqualTo(expected);
    assertThat(effect.blocks())
        .isEqualTo(expected == EnforceEffect.BLOCKED || expected == EnforceEffect.UNKNOWN);
  }
}
