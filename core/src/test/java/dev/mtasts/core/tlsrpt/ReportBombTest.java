package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Hostile archives: refused with a clear error after the limit, fast, without buffering them. */
class ReportBombTest {

  private static final int MIB = 1024 * 1024;

  /**
   * 1 GiB of zeros as 64 concatenated gzip members of 16 MiB each (RFC 1952 allows members in
   * sequence): about 1 MB to hold, built in milliseconds, never written out.
   */
  private static InputStream gzipBomb() {
    byte[] member = ReportTestData.gzip(new byte[16 * MIB]);
    return new SequenceInputStream(
        Collections.enumeration(
            Collections.nCopies(64, member).stream()
                .map(m -> (InputStream) new java.io.ByteArrayInputStream(m))
                .toList()));
  }

  @Test
  void gzipBombIsRefusedAfterTheLimitInUnderASecond() throws IOException {
    InputStream bomb = gzipBomb();

    long start = System.nanoTime();
    ParseResult<ReadReport> result = new ReportReader().read(bomb);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result.errors()).extracting(Problem::code).containsExactly("REPORT_TOO_LARGE");
    assertThat(result.errors().getFirst().message()).contains("20971520");
    assertThat(took).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void memoryDoesNotGrowWithTheBomb() throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    InputStream bomb = gzipBomb();
    long thread = Thread.currentThread().threadId();

    long before = threads.getThreadAllocatedBytes(thread);
    new ReportReader().read(bomb);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    // the 20 MiB output buffer and its growth copies, not the 1 GiB the bomb expands to
    assertThat(allocated).isLessThan(128L * MIB);
  }

  @Test
  void zipBombIsRefusedAfterTheLimit() throws IOException {
    byte[] zip = zip(1, 24 * MIB);

    ParseResult<ReadReport> result = new ReportReader().read(zip);

    assertThat(result.errors()).extracting(Problem::code).containsExactly("REPORT_TOO_LARGE");
  }

  @Test
  void entriesShareOneDecompressionBudget() throws IOException {
    byte[] zip = zip(3, 8 * MIB); // 24 MiB of non-report entries against 20 MiB

    assertThat(new ReportReader().read(zip).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_TOO_LARGE");
  }

  @Test
  void zipWithManyEntriesIsRefused() throws IOException {
    byte[] zip = zip(10_000, 0);

    assertThat(new ReportReader().read(zip).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_ZIP_TOO_MANY_ENTRIES");
  }

  @Test
  void oversizedStreamIsNotReadToItsEnd() throws IOException {
    ReportReader.Limits small = new ReportReader.Limits(1000, 1000, 16, 1000, 10, 10, 4, 100, 1000);
    InputStream endless = InputStream.nullInputStream();
    InputStream large =
        new SequenceInputStream(new java.io.ByteArrayInputStream(new byte[5000]), endless);

    assertThat(new ReportReader(small).read(large).errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_TOO_LARGE");
  }

  // ---- report emails: the work per message is bounded, not only the work per part

  /**
   * A report email whose every part is an {@code application/tlsrpt+gzip} bomb that inflates past
   * the 20 MiB limit (about 21 KB each as gzip, 28 KB as base64).
   */
  private static byte[] emailOfGzipBombs(int parts) {
    String bomb =
        java.util.Base64.getMimeEncoder()
            .encodeToString(ReportTestData.gzip(new byte[20 * MIB + 1]));
    StringBuilder email =
        new StringBuilder(
            "From: reports@sender.example\r\n"
                + "To: tlsrpt@example.com\r\n"
                + "Subject: Report Domain: example.com Submitter: sender.example Report-ID:"
                + " <bomb@sender.example>\r\n"
                + "TLS-Report-Domain: example.com\r\n"
                + "TLS-Report-Submitter: sender.example\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=tlsrpt; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nThis is a TLS report.\r\n");
    for (int i = 0; i < parts; i++) {
      email
          .append("--b\r\nContent-Type: application/tlsrpt+gzip\r\n")
          .append("Content-Transfer-Encoding: base64\r\n")
          .append("Content-Disposition: attachment; filename=\"r")
          .append(i)
          .append(".json.gz\"\r\n\r\n")
          .append(bomb)
          .append("\r\n");
    }
    email.append("--b--\r\n");
    return email.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private record Measured(ParseResult<ReadReport> result, Duration took, long allocated) {}

  private static Measured measure(byte[] input) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().threadId();
    long before = threads.getThreadAllocatedBytes(thread);
    long start = System.nanoTime();
    ParseResult<ReadReport> result = new ReportReader().read(input);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    System.out.printf(
        "report email of %d bytes: %s in %d ms, %d MiB allocated%n",
        input.length, result.errors(), took.toMillis(), allocated / MIB);
    return new Measured(result, took, allocated);
  }

  @Test
  void emailOfFourHundredGzipBombsIsRefusedBeforeAnyIsInflated() {
    byte[] email = emailOfGzipBombs(400);
    assertThat(email.length).isBetween(10 * MIB, 20 * MIB); // within the input limit

    Measured m = measure(email);

    assertThat(m.result().errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_EMAIL_TOO_MANY_PARTS");
    assertThat(m.result().errors().getFirst().message()).contains("more than 8");
    assertThat(m.took()).isLessThan(Duration.ofSeconds(2));
    // the input, its base64 decoding and Mime4j's buffers: not 400 inflated bombs
    assertThat(m.allocated()).isLessThan(128L * MIB);
  }

  @Test
  void partsOfOneEmailShareOneInflationBudget() {
    byte[] email = emailOfGzipBombs(8); // as many report parts as are tried

    Measured m = measure(email);

    // The first bomb spends the whole 20 MiB budget; the seven others are not inflated.
    assertThat(m.result().errors())
        .extracting(Problem::code)
        .containsExactly("REPORT_TOO_LARGE", "REPORT_EMAIL_INFLATION_LIMIT");
    assertThat(m.result().errors().get(1).message()).contains("7 of 8");
    assertThat(m.allocated()).isLessThan(160L * MIB);
  }

  private static byte[] zip(int entries, int entrySize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[entrySize];
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < entries; i++) {
        zip.putNextEntry(new ZipEntry("e" + i + ".bin"));
        zip.write(zeros);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
