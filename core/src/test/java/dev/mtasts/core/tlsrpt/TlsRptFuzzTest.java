package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mtasts.core.ParseResult;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets; {@code mvn test} replays the seeds in {@code TlsRptFuzzTestInputs/} (RFC examples
 * and corpus reports), {@code JAZZER_FUZZ=1} fuzzes. Properties: no exception escapes, and what is
 * accepted survives the writer.
 */
class TlsRptFuzzTest {

  private static final ReportReader.Limits LIMITS =
      new ReportReader.Limits(1 << 20, 1 << 20, 16, 64 * 1024, 100, 100, 8, 200, 4096);

  @FuzzTest(maxDuration = "60s")
  void recordParserNeverThrows(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    ParseResult<TlsRptRecord> result = TlsRptRecord.parse(text);
    if (result instanceof ParseResult.Ok<TlsRptRecord> ok) {
      TlsRptRecord again = TlsRptRecord.parse(ok.value().toString()).orThrow();
      assertThat(again.rua()).isEqualTo(ok.value().rua());
      assertThat(again.extensions()).isEqualTo(ok.value().extensions());
    }
  }

  @FuzzTest(maxDuration = "60s")
  void reportReaderNeverThrows(byte[] input) {
    ParseResult<ReadReport> result = new ReportReader(LIMITS).read(input);
    if (result instanceof ParseResult.Ok<ReadReport> ok) {
      byte[] written = ReportWriter.toGzip(ok.value().report());
      assertThat(new ReportReader().read(written).isOk()).isTrue();
    }
  }
}
