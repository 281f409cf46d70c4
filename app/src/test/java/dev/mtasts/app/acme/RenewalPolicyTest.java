package dev.mtasts.app.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.util.CertificateUtils;

class RenewalPolicyTest {

  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void ninetyDayCertificateIsRenewedThirtyDaysBeforeExpiry() {
    assertThat(RenewalPolicy.renewAt(certificate(Duration.ofDays(90))))
        .isEqualTo(ISSUED.plus(Duration.ofDays(60)));
  }

  @Test
  void oneYearCertificateIsRenewedThirtyDaysBeforeExpiryNotAFourMonthsBefore() {
    assertThat(RenewalPolicy.renewAt(certificate(Duration.ofDays(360))))
        .isEqualTo(ISSUED.plus(Duration.ofDays(330)));
  }

  @Test
  void sixDayCertificateIsRenewedWithAThirdLeftNotAtOnce() {
    assertThat(RenewalPolicy.renewAt(certificate(Duration.ofDays(6))))
        .isEqualTo(ISSUED.plus(Duration.ofDays(4)));
  }

  private static X509Certificate certificate(Duration lifetime) {
    KeyPair key = KeyPairs.rsa2048();
    return CertificateUtils.createTestRootCertificate(
        "CN=test", ISSUED, ISSUED.plus(lifetime), key);
  }
}
