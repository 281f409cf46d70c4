package dev.mtasts.app.store;

/** What one committed submission did. */
public enum StoreResult {
  /** Stored now. */
  STORED,
  /** The same report (organisation and report-id, or the same bytes) was already stored. */
  DUPLICATE
}
