package dev.mtasts.app.sending.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

/**
 * A datagram socket takes bytes from any local process: whatever arrives is read as handshakes or
 * refused with a code, never thrown. {@code mvn test} replays the seeds in
 * src/test/resources/.../LibtlsrptDatagramFuzzTestInputs; {@code JAZZER_FUZZ=1} fuzzes.
 */
class LibtlsrptDatagramFuzzTest {

  private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

  @FuzzTest(maxDuration = "60s")
  void readsOrRefuses(byte[] input) {
    LibtlsrptDatagram.Reading reading = LibtlsrptDatagram.read(input, input.length, AT);
    if (reading instanceof LibtlsrptDatagram.Invalid invalid) {
      assertThat(invalid.code()).isNotBlank();
    } else {
      assertThat(((LibtlsrptDatagram.Handshakes) reading).results()).isNotEmpty();
    }
  }
}
