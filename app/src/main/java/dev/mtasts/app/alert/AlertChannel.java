package dev.mtasts.app.alert;

/** Where notifications go: a webhook, mail through a relay. */
public interface AlertChannel {

  /** The channel's name in the outbox: {@code webhook}, {@code email}. */
  String name();

  /**
   * Delivers one notification.
   *
   * @throws DeliveryException when it was not delivered (it is retried later)
   */
  void deliver(Notification notification) throws DeliveryException;

  /** A notification could not be delivered; the message never holds a secret. */
  final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeliveryException(String message, Throwable cause) {
      super(message, cause);
    }

    public DeliveryException(String message) {
      super(message);
    }
  }
}
