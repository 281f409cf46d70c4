package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bounded reading: every byte up to the limit, whatever size the input claims, and a refusal one
 * byte past it; gzip's claimed size is a hint, never trusted.
 */
class DecompressionTest {

  private static byte[] bytes(int count) {
    byte[] data = new byte[count];
    new Random(count).nextBytes(data);
    return data;
  }

  /** A stream handing out at most {@code chunk} bytes a read, as sockets and inflaters do. */
  private static InputStream trickling(byte[] data, int chunk) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        return super.read(buffer, offset, Math.min(length, chunk));
      }
    };
  }

  @ParameterizedTest
  @CsvSource({
    // size, expected, chunk
    "0, -1, 8192",
    "0, 0, 8192",
    "1, 0, 1",
    "1000, 1000, 7",
    "1000, 999, 8192",
    "1000, 1001, 8192",
    "1000, 1, 3",
    "100000, -1, 8192",
    "100000, 100000, 4096",
    "100000, 50000000, 8192",
    "4096, 100, 8192"
  })
  void readsEveryByteWhateverSizeIsClaimed(int size, long expected, int chunk) throws Exception {
    byte[] data = bytes(size);

    byte[] read = Decompression.readAtMost(trickling(data, chunk), 200_000, "the input", expected);

    assertThat(read).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 0, 10, 4095, 4096, 4097, 1_000_000})
  void takesExactlyTheLimitAndRefusesOneByteMore(long expected) throws Exception {
    byte[] atLimit = bytes(4096);
    byte[] pastLimit = bytes(4097);

    assertThat(Decompression.readAtMost(trickling(atLimit, 1000), 4096, "the input", expected))
        .isEqualTo(atLimit);
    assertThatThrownBy(
            () -> Decompression.readAtMost(trickling(pastLimit, 1000), 4096, "the input", expected))
        .isInstanceOfSatisfying(
            Rejection.class,
            rejection ->
                assertThat(rejection.problems().getFirst().code()).isEqualTo("REPORT_TOO_LARGE"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 999, 1001, 0x7fff_ffff})
  void aGzipClaimingAnotherSizeIsRefusedAsCorrupt(int claimed) {
    byte[] gzip = ReportTestData.gzip(bytes(1000));
    int end = gzip.length;
    gzip[end - 4] = (byte) claimed;
    gzip[end - 3] = (byte) (claimed >>> 8);
    gzip[end - 2] = (byte) (claimed >>> 16);
    gzip[end - 1] = (byte) (claimed >>> 24);

    assertThatThrownBy(() -> Decompression.gunzip(gzip, new InflationBudget(200_000)))
        .isInstanceOfSatisfying(
            Rejection.class,
            rejection ->
                assertThat(rejection.problems().getFirst().code())
                    .isEqualTo("REPORT_GZIP_INVALID"));
  }

  /** A small gzip claiming many mebibytes is not given them before it inflates to them. */
  @Test
  void aSmallGzipClaimingMuchIsNotGivenTheMemory() {
    byte[] gzip = ReportTestData.gzip(bytes(1000));
    int claimed = 16 << 20;
    int end = gzip.length;
    gzip[end - 4] = (byte) claimed;
    gzip[end - 3] = (byte) (claimed >>> 8);
    gzip[end - 2] = (byte) (claimed >>> 16);
    gzip[end - 1] = (byte) (claimed >>> 24);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    assertThatThrownBy(() -> Decompression.gunzip(gzip, new InflationBudget(20 << 20)))
        .isInstanceOf(Rejection.class);
    long before = threads.getCurrentThreadAllocatedBytes();
    try {
      Decompression.gunzip(gzip, new InflationBudget(20 << 20));
    } catch (Rejection expected) {
      // refused as corrupt: the size claimed is not the size inflated
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).isLessThan(256 << 10);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1000, 150_000})
  void aGzipReadsBackWhatWasCompressed(int size) throws Exception {
    byte[] data = bytes(size);

    assertThat(Decompression.gunzip(ReportTestData.gzip(data), new InflationBudget(200_000)))
        .isEqualTo(data);
  }
}
