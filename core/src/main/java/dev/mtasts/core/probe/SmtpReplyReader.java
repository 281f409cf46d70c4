package dev.mtasts.core.probe;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies (RFC 5321 §4.2) from a server, bounded: a line may hold at most {@link
 * #MAX_LINE_BYTES} (RFC 5321 §4.5.3.1.5 allows 512; real servers send longer), a reply at most
 * {@link #MAX_REPLY_LINES} lines, the whole conversation at most {@code maxTotalBytes}. Anything
 * that is not a reply is a {@link SmtpProtocolException}.
 */
final class SmtpReplyReader {

  static final int MAX_LINE_BYTES = 4096;
  static final int MAX_REPLY_LINES = 100;

  private final InputStream in;
  private final long maxTotalBytes;
  private long totalBytes;

  SmtpReplyReader(InputStream in, long maxTotalBytes) {
    this.in = in;
    this.maxTotalBytes = maxTotalBytes;
  }

  /**
   * Reads one reply: lines {@code ddd-text} continue it, {@code ddd text} (or {@code ddd}) ends it;
   * every line must carry the same code (RFC 5321 §4.2.1).
   */
  SmtpReply read() throws IOException, SmtpProtocolException {
    List<String> lines = new ArrayList<>();
    int code = -1;
    while (true) {
      String line = readLine();
      if (line.length() < 3
          || !isCode(line)
          || (line.length() > 3 && !isSeparator(line.charAt(3)))) {
        throw new SmtpProtocolException("not an SMTP reply line: " + printable(line));
      }
      int lineCode = Integer.parseInt(line.substring(0, 3));
      if (code >= 0 && lineCode != code) {
        throw new SmtpProtocolException(
            "reply code changed from " + code + " to " + lineCode + " inside one reply");
      }
      code = lineCode;
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() == 3 || line.charAt(3) == ' ') {
        return new SmtpReply(code, lines);
      }
      if (lines.size() >= MAX_REPLY_LINES) {
        throw new SmtpProtocolException("reply longer than " + MAX_REPLY_LINES + " lines");
      }
    }
  }

  private static boolean isCode(String line) {
    return line.charAt(0) >= '2'
        && line.charAt(0) <= '5'
        && Character.isDigit(line.charAt(1))
        && Character.isDigit(line.charAt(2))
        && line.charAt(1) <= '9';
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '-';
  }

  /** One line ending in CRLF (a bare LF is tolerated), without its ending. */
  private String readLine() throws IOException, SmtpProtocolException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new SmtpProtocolException(
            line.isEmpty()
                ? "the server closed the connection"
                : "the server closed the connection in the middle of a line",
            true);
      }
      if (++totalBytes > maxTotalBytes) {
        throw new SmtpProtocolException("the server sent more than " + maxTotalBytes + " bytes");
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      if (line.length() >= MAX_LINE_BYTES) {
        throw new SmtpProtocolException("reply line longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.append((char) b);
    }
  }

  private static String printable(String line) {
    StringBuilder out = new StringBuilder("'");
    line.chars()
        .limit(80)
        .forEach(
            c ->
                out.append(
                    c >= 0x20 && c < 0x7f
                        ? String.valueOf((char) c)
                        : "\\x" + Integer.toHexString(c)));
    return out.append(line.length() > 80 ? "...'" : "'").toString();
  }
}
