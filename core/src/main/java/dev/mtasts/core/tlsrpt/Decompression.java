package dev.mtasts.core.tlsrpt;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Internal: bounded gzip (RFC 8460 §5.2) and zip reading. Output never exceeds the limit, however
 * much the input claims to expand to: a bomb is refused after {@code maxDecompressedBytes}.
 */
final class Decompression {

  private Decompression() {}

  static boolean isGzip(byte[] data) {
    return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
  }

  static boolean isZip(byte[] data) {
    return data.length >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4;
  }

  /**
   * Inflates a gzip stream (concatenated members included) into at most what is left of {@code
   * budget}, and spends what it inflates (all of it when refused as too large).
   */
  static byte[] gunzip(byte[] gzip, InflationBudget budget) throws Rejection {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 8192)) {
      return spending(
          budget, () -> readAtMost(in, budget.remaining(), "the gzip report", sizeHint(gzip)));
    } catch (EOFException e) {
      throw new Rejection("REPORT_GZIP_TRUNCATED", "the gzip data ends before its last block");
    } catch (ZipException e) {
      throw new Rejection("REPORT_GZIP_INVALID", "the gzip data is corrupt: " + e.getMessage());
    } catch (IOException e) {
      throw new Rejection("REPORT_GZIP_INVALID", "the gzip data cannot be read: " + e.getMessage());
    }
  }

  /**
   * The first entry of a zip archive that holds a report (JSON or gzip by content). Every entry
   * read is spent from {@code budget} and at most {@code maxEntries} entries are looked at, so
   * neither a bomb nor an archive of many entries costs more.
   */
  static byte[] unzipReport(byte[] zip, InflationBudget budget, int maxEntries) throws Rejection {
    int entries = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (++entries > maxEntries) {
          throw new Rejection(
              "REPORT_ZIP_TOO_MANY_ENTRIES",
              "the zip archive has more than " + maxEntries + " entries before a report");
        }
        if (entry.isDirectory()) {
          continue;
        }
        long expected = believable(entry.getSize(), zip.length);
        byte[] content =
            spending(budget, () -> readAtMost(in, budget.remaining(), "the zip archive", expected));
        if (isGzip(content) || ReportJson.looksLikeJson(content)) {
          return content;
        }
      }
    } catch (EOFException e) {
      throw new Rejection("REPORT_ZIP_INVALID", "the zip archive is truncated");
    } catch (IOException e) {
      throw new Rejection("REPORT_ZIP_INVALID", "the zip archive is corrupt: " + e.getMessage());
    }
    if (entries == 0) {
      throw new Rejection("REPORT_ZIP_INVALID", "the zip archive has no readable entry");
    }
    throw new Rejection(
        "REPORT_NOT_A_REPORT", "the zip archive holds no JSON or gzip report entry");
  }

  /** One read of inflated bytes. */
  private interface Inflating {
    byte[] read() throws IOException, Rejection;
  }

  /** Runs {@code inflating}, spending its output from {@code budget}, or all of it if refused. */
  private static byte[] spending(InflationBudget budget, Inflating inflating)
      throws IOException, Rejection {
    try {
      byte[] out = inflating.read();
      budget.spend(out.length);
      return out;
    } catch (Rejection tooLarge) {
      budget.spendAll();
      throw tooLarge;
    }
  }

  /** Reads to the end, refusing with {@code REPORT_TOO_LARGE} after {@code max} bytes. */
  static byte[] readAtMost(InputStream in, long max, String what) throws IOException, Rejection {
    return readAtMost(in, max, what, -1);
  }

  /**
   * Reads to the end into an array sized for the {@code expected} bytes (a claim of the input,
   * untrusted; -1 for none), grown by doubling as more come, refusing with {@code REPORT_TOO_LARGE}
   * after {@code max} bytes. Memory stays within twice the bytes read.
   */
  static byte[] readAtMost(InputStream in, long max, String what, long expected)
      throws IOException, Rejection {
    int limit = (int) Math.min(max, Integer.MAX_VALUE - 16);
    byte[] out = new byte[(int) Math.min(limit, expected < 0 ? 8192 : Math.max(expected, 1))];
    int total = 0;
    while (true) {
      if (total == out.length) {
        int next = in.read();
        if (next < 0) {
          return out;
        }
        if (total >= limit) {
          throw new Rejection(
              "REPORT_TOO_LARGE", what + " is larger than the limit of " + max + " bytes");
        }
        out = Arrays.copyOf(out, (int) Math.min(limit, Math.max(8192, 2L * out.length)));
        out[total++] = (byte) next;
      }
      int read = in.read(out, total, out.length - total);
      if (read < 0) {
        return Arrays.copyOf(out, total);
      }
      total += read;
    }
  }

  /**
   * The uncompressed size a gzip stream claims in its last four bytes (RFC 1952 §2.3.1: ISIZE,
   * modulo 2^32, of the last member), if {@linkplain #believable believable}.
   */
  private static long sizeHint(byte[] gzip) {
    if (gzip.length < 18) {
      return -1;
    }
    int end = gzip.length;
    long claimed =
        (gzip[end - 4] & 0xffL)
            | (gzip[end - 3] & 0xffL) << 8
            | (gzip[end - 2] & 0xffL) << 16
            | (gzip[end - 1] & 0xffL) << 24;
    return believable(claimed, gzip.length);
  }

  /**
   * A size claimed for what {@code compressed} bytes inflate to, or -1 when it is more than
   * deflate's largest ratio (1032 to 1) allows: a tiny input must not make the reader set aside the
   * whole limit before a byte is inflated.
   */
  private static long believable(long claimed, int compressed) {
    return claimed <= 1032L * compressed ? claimed : -1;
  }
}
