package dev.mtasts.app.sending;

/** The sending database failed (cannot be opened, migrated, read or written). */
public final class SendingStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SendingStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
