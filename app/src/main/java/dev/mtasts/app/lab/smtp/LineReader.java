package dev.mtasts.app.lab.smtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads LF- or CRLF-terminated lines of bounded length, as bytes: a line longer than the bound is
 * consumed to its end and reported as too long rather than buffered (RFC 5321 §4.5.3.1).
 */
final class LineReader {

  /** One line without its terminator, or the news that it was too long. */
  record Line(byte[] bytes, boolean tooLong) {
    String text() {
      return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  private final BufferedInputStream in;
  private final int maxLength;

  LineReader(InputStream in, int maxLength) {
    this(new BufferedInputStream(in), maxLength);
  }

  private LineReader(BufferedInputStream in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
  }

  /** A reader of the same stream (sharing its buffer) with another bound. */
  LineReader withMaxLength(int length) {
    return new LineReader((BufferedInputStream) in, length);
  }

  /** The next line, or null at the end of the stream. */
  Line read() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean tooLong = false;
    while (true) {
      int b = in.read();
      if (b < 0) {
        return line.size() == 0 && !tooLong ? null : finish(line, tooLong);
      }
      if (b == '\n') {
        return finish(line, tooLong);
      }
      if (line.size() >= maxLength) {
        tooLong = true;
      } else {
        line.write(b);
      }
    }
  }

  private static Line finish(ByteArrayOutputStream line, boolean tooLong) {
    byte[] bytes = line.toByteArray();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    return new Line(java.util.Arrays.copyOf(bytes, length), tooLong);
  }
}
