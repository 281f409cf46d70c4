package dev.mtasts.app.resolver;

import java.util.Locale;
import java.util.Optional;

/**
 * What to answer for an MTA-STS {@code enforce} domain whose MX hosts publish DNSSEC-valid TLSA
 * records (our {@code dane: {mode: ...}} key). RFC 8461 §2: senders "MUST NOT allow MTA-STS Policy
 * validation to override a failing DANE validation"; an {@code OK secure} answer would do just
 * that, since a policy-map answer replaces Postfix's own {@code smtp_tls_security_level}.
 */
public enum DaneMode {
  /**
   * Answer {@code OK dane-only}: Postfix authenticates every MX by DANE (RFC 7672) and defers
   * rather than fall back. Needs {@code smtp_dns_support_level = dnssec} in Postfix. The default.
   */
  DANE_ONLY("dane-only"),
  /** Answer {@code NOTFOUND}, leaving the domain to Postfix's own level (e.g. {@code dane}). */
  DEFER("defer"),
  /** Do not look at TLSA records: the incumbent's behaviour. */
  IGNORE("ignore");

  private final String token;

  DaneMode(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }

  public static Optional<DaneMode> fromToken(String text) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    for (DaneMode mode : values()) {
      if (mode.token.equals(lower)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
