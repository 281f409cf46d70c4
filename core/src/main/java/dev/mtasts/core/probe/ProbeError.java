package dev.mtasts.core.probe;

/**
 * Why a probe stopped early, or what went wrong on the way.
 *
 * @param code the stable reason
 * @param detail what exactly happened, for people
 */
public record ProbeError(Code code, String detail) {

  /** Stable reason codes. */
  public enum Code {
    /** No TCP connection (refused, no route). */
    UNREACHABLE,
    /** The server did not answer in time (connect, greeting, a reply, or the handshake). */
    TIMEOUT,
    /** The server closed the connection before the conversation was over. */
    CLOSED,
    /** The server sent something that is not SMTP, or too much of it. */
    PROTOCOL_ERROR,
    /** The greeting was not 220 (e.g. 554: no service, RFC 5321 §3.1). */
    GREETING_REFUSED,
    /** EHLO was refused (RFC 5321 §4.1.1.1): no extensions, so no STARTTLS. */
    EHLO_REFUSED,
    /** STARTTLS was offered but refused (e.g. 454, RFC 3207 §4). */
    STARTTLS_REFUSED,
    /** The TLS handshake after STARTTLS failed (see {@link TlsOutcome.Failed}). */
    TLS_FAILED
  }
}
