package dev.mtasts.app.sending.delivery;

/** Hands report mail to the next hop: the configured SMTP relay or sendmail. */
public interface MailTransport {

  /**
   * Sends {@code message} (CRLF lines, signed if we sign) from {@code from} to {@code to}.
   *
   * @return delivered when the relay or sendmail accepted it for delivery
   */
  Outcome send(String from, String to, byte[] message);
}
