package dev.mtasts.app.relay;

/** How handing one message to the relay ended; the detail never holds a secret. */
public sealed interface RelayResult {

  /** What happened, for a log or a delivery record. */
  String detail();

  /** The relay accepted the message for delivery (250 to the end of DATA). */
  record Accepted(String detail) implements RelayResult {}

  /**
   * The relay did not take the message.
   *
   * @param code a stable code: {@code RELAY_REFUSED} (a 5xx to the message or a recipient), {@code
   *     RELAY_DEFERRED} (a 4xx to them), {@code RELAY_UNREACHABLE}, {@code RELAY_TLS} (no STARTTLS
   *     where required, or the certificate or its name did not check), {@code RELAY_AUTH} (the
   *     relay refused the credentials or offers no AUTH), {@code RELAY_PASSWORD_FILE} (unreadable),
   *     {@code RELAY_FAILED} (anything else)
   * @param permanent whether trying again cannot help: only {@code RELAY_REFUSED}; everything else
   *     is about the way to the relay, which the operator can mend before the next attempt
   */
  record Failed(String code, String detail, boolean permanent) implements RelayResult {}
}
