package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
      Report report = ok.value().report();
      boolean rfcTypes =
          report.policies().stream()
              .allMatch(
                  p ->
                      p.policy().policyType().isKnown()
                          && p.failureDetails().stream().allMatch(f -> f.resultType().isKnown()));
      if (!rfcTypes) {
        // Read with a warning, never written: the writer sends RFC 8460 values only.
        assertThatThrownBy(() -> ReportWriter.toGzip(report))
            .isInstanceOf(ReportWriteException.class);
        return;
      }
      byte[] written = ReportWriter.toGzip(report);
      assertThat(new ReportReader().read(written).isOk()).isTrue();
    }
  }
}
