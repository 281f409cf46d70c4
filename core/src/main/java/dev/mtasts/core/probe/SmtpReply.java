package dev.mtasts.core.probe;

import java.util.List;

/**
 * One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines (one per reply line,
 * without the code and separator).
 */
public record SmtpReply(int code, List<String> lines) {

  public SmtpReply {
    lines = List.copyOf(lines);
  }

  public boolean positive() {
    return code >= 200 && code < 400;
  }

  /** The reply as a server would send it, on one line per text line, for reports. */
  public String text() {
    return code + " " + String.join(" / ", lines);
  }
}
