package dev.mtasts.core.probe;

/** The server broke the SMTP reply syntax, sent too much, or closed the connection early. */
final class SmtpProtocolException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean closed;

  SmtpProtocolException(String message) {
    this(message, false);
  }

  SmtpProtocolException(String message, boolean closed) {
    super(message);
    this.closed = closed;
  }

  /** True when the server closed the connection rather than sending something wrong. */
  boolean closed() {
    return closed;
  }
}
