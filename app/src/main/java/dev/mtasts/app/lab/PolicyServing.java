package dev.mtasts.app.lab;

/** How a policy host answers {@code GET /.well-known/mta-sts.txt} (RFC 8461 §3.3). */
public enum PolicyServing {
  /** 200, {@code text/plain}, the policy. */
  POLICY,
  /** 404 Not Found. */
  NOT_FOUND,
  /** 301 to another URL: senders must not follow it (RFC 8461 §3.3). */
  REDIRECT,
  /** 200 with the policy, but as {@code text/html}. */
  HTML,
  /** 200, {@code text/plain}, the policy padded to 70 KiB: over the 64 KiB limit senders apply. */
  HUGE,
  /**
   * 200, {@code text/plain}, the policy followed by a blank line (a second CRLF at the end):
   * outside the RFC 8461 §3.2 grammar, yet applied by lenient senders.
   */
  BLANK_LINE_AT_END
}
