package dev.mtasts.app.store;

/**
 * The store could not commit now (database unreachable, busy, full, closing). Temporary: the sender
 * should retry, and nothing was acknowledged.
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
