package dev.mtasts.app.relay;

/** How the connection to the relay is protected ({@code tls:}, docs/configuration.md). */
public enum RelayTls {
  /**
   * {@code tls: starttls}: STARTTLS (RFC 3207) is required; a relay that does not offer it, or
   * whose certificate does not check, gets nothing.
   */
  STARTTLS,

  /** {@code tls: implicit}: TLS from the first byte (RFC 8314 §3.3, usually port 465). */
  IMPLICIT,

  /** {@code tls: none}: clear text, never STARTTLS; never with credentials. */
  NONE,

  /**
   * No {@code tls:} key, no {@code username}, a relay not on loopback: STARTTLS when the relay
   * offers it, and then checked like {@link #STARTTLS} (a failed check fails the attempt; it never
   * falls back to clear text); clear text when the relay does not offer it.
   */
  STARTTLS_WHEN_OFFERED;

  /** Whether credentials may be sent on a connection of this kind: only over required TLS. */
  public boolean protectsCredentials() {
    return this == STARTTLS || this == IMPLICIT;
  }
}
