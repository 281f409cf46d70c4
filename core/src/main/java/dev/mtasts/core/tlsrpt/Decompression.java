package dev.mtasts.core.tlsrpt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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

  /** Inflates a gzip stream (concatenated members included) into at most {@code max} bytes. */
  static byte[] gunzip(byte[] gzip, long max) throws Rejection {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 8192)) {
      return readAtMost(in, max, "the gzip report");
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
   * read counts against one budget of {@code maxDecompressed} bytes and at most {@code maxEntries}
   * entries are looked at, so neither a bomb nor an archive of many entries costs more.
   */
  static byte[] unzipReport(byte[] zip, long maxDecompressed, int maxEntries) throws Rejection {
    long budget = maxDecompressed;
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
        byte[] content = readAtMost(in, budget, "the zip archive");
        budget -= content.length;
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

  /** Reads to the end, refusing with {@code REPORT_TOO_LARGE} after {@code max} bytes. */
  static byte[] readAtMost(InputStream in, long max, String what) throws IOException, Rejection {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
      if (total > max) {
        throw new Rejection(
            "REPORT_TOO_LARGE", what + " is larger than the limit of " + max + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
