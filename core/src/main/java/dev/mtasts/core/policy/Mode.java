package dev.mtasts.core.policy;

import java.util.Optional;

/** The policy {@code mode} (RFC 8461 §3.2, §5): what a sender does when validation fails. */
public enum Mode {
  /** Refuse delivery to MX hosts that fail validation. */
  ENFORCE("enforce"),
  /** Deliver anyway, report failures (RFC 8460). */
  TESTING("testing"),
  /** The domain is withdrawing MTA-STS (§8.3). */
  NONE("none");

  private final String token;

  Mode(String token) {
    this.token = token;
  }

  /** The token as written in the policy file. */
  public String token() {
    return token;
  }

  /** The mode for a token; case-sensitive, as the ABNF's {@code %s"..."} strings are. */
  public static Optional<Mode> fromToken(String token) {
    for (Mode mode : values()) {
      if (mode.token.equals(token)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
