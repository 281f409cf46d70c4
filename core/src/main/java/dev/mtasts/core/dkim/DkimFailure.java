package dev.mtasts.core.dkim;

/** Internal: ends one signature's check with a reason; never leaves the package. */
final class DkimFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final DkimReason reason;

  DkimFailure(DkimReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  DkimReason reason() {
    return reason;
  }
}
