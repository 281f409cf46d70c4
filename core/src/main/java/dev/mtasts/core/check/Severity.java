package dev.mtasts.core.check;

/** How much a finding matters. The JSON form is the lower-case name. */
public enum Severity {
  /** Senders will refuse or mis-deliver mail, or the setup is invalid. */
  ERROR,
  /** Works today, but weakens the protection or will break soon. */
  WARNING,
  /** A fact worth knowing; nothing to fix. */
  INFO;

  public String token() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
