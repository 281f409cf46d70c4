package dev.mtasts.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainStatusTest {

  private static Finding f(FindingCode code) {
    return Finding.of(code, "example.test", "detail.");
  }

  @Test
  void noFindingsPass() {
    assertThat(DomainStatus.of(List.of())).isEqualTo(DomainStatus.PASS);
  }

  @Test
  void infoAloneStillPasses() {
    assertThat(DomainStatus.of(List.of(f(FindingCode.POLICY_MODE_TESTING))))
        .isEqualTo(DomainStatus.PASS);
  }

  @Test
  void warningWarns() {
    assertThat(DomainStatus.of(List.of(f(FindingCode.POLICY_MAX_AGE_SHORT))))
        .isEqualTo(DomainStatus.WARN);
  }

  @Test
  void anyErrorFails() {
    assertThat(
            DomainStatus.of(
                List.of(f(FindingCode.POLICY_MAX_AGE_SHORT), f(FindingCode.MX_CERT_EXPIRED))))
        .isEqualTo(DomainStatus.FAIL);
  }

  @Test
  void missingRecordWithoutErrorsIsAbsentEvenWithWarnings() {
    assertThat(
            DomainStatus.of(
                List.of(f(FindingCode.STS_RECORD_MISSING), f(FindingCode.TLSRPT_RECORD_MISSING))))
        .isEqualTo(DomainStatus.ABSENT);
  }

  @Test
  void missingRecordWithAnErrorFails() {
    assertThat(
            DomainStatus.of(List.of(f(FindingCode.STS_RECORD_MISSING), f(FindingCode.MX_MISSING))))
        .isEqualTo(DomainStatus.FAIL);
  }

  @Test
  void aDowngradedSeverityCounts() {
    Finding mismatch = f(FindingCode.POLICY_MX_MISMATCH).withSeverity(Severity.WARNING);
    assertThat(DomainStatus.of(List.of(mismatch))).isEqualTo(DomainStatus.WARN);
  }
}
