package dev.mtasts.app.readiness;

/** The enforce-readiness verdict of a domain. */
public enum Verdict {
  /** The reports show nothing that {@code enforce} would turn into deferrals or bounces. */
  READY("ready"),
  /** The reports show failures {@code enforce} would block, or MX hosts the policy misses. */
  NOT_READY("not ready"),
  /** Too few days, senders or sessions to judge. */
  NOT_ENOUGH_DATA("not enough data");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /**
   * The verdict as shown and in JSON: {@code ready}, {@code not ready}, {@code not enough data}.
   */
  public String label() {
    return label;
  }
}
