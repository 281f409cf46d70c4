package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mtasts.core.dns.InMemoryResolver;

/**
 * Fuzz target; {@code mvn test} replays the seeds in {@code DkimFuzzTestInputs/} (the RFC 8463
 * message, small hand-made ones), {@code JAZZER_FUZZ=1} fuzzes. Property: any bytes give a verdict,
 * never an exception, and the message verdict is consistent with the signatures'.
 */
class DkimFuzzTest {

  private static final InMemoryResolver DNS =
      Rfc8463.dns()
          .txt("rsa._domainkey.example.org", "v=DKIM1; p=")
          .txt("ed._domainkey.example.org", "v=DKIM1; k=ed25519; p=AAAA")
          .build();

  @FuzzTest(maxDuration = "60s")
  void verifierNeverThrows(byte[] input) {
    DkimVerification result = new DkimVerifier(DNS, Rfc8463.SIGNING_TIME).verify(input);

    assertThat(result.verdict().result()).isEqualTo(result.verdict().reason().result());
    boolean anyCountingPass =
        result.signatures().stream().anyMatch(v -> v.passed() && !v.testing());
    assertThat(result.verdict().passed()).isEqualTo(anyCountingPass);
  }
}
