package dev.mtasts.app.store;

/**
 * The database refused a report's values for good (SQLSTATE class 22, e.g. a NUL character that
 * PostgreSQL text cannot hold). Retrying would fail again, so the report is refused, not deferred.
 */
public final class StoreRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
