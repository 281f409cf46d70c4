package dev.mtasts.app.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a hosted domain's policy as {@code serve} served it.
 *
 * @param domain the policy domain (A-label)
 * @param id the {@code _mta-sts} id that announces it (RFC 8461 §3.1)
 * @param mode {@code testing}, {@code enforce} or {@code none}
 * @param maxAge its max_age in seconds (RFC 8461 §3.2)
 * @param text the policy file as served
 * @param firstServed when serve first served it
 * @param retired when another version replaced it; empty while it is served
 * @param published when its id was written to DNS by a dynamic update; empty: not by us
 */
public record PolicyVersion(
    String domain,
    String id,
    String mode,
    long maxAge,
    String text,
    Instant firstServed,
    Optional<Instant> retired,
    Optional<Instant> published) {

  public PolicyVersion {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(firstServed, "firstServed");
    Objects.requireNonNull(retired, "retired");
    Objects.requireNonNull(published, "published");
  }

  /**
   * Until when a sender may hold this version in its cache: the last time it was served plus its
   * max_age (RFC 8461 §5.1, §8.3); {@code now} stands for the last time while it is served.
   */
  public Instant cachedUntil(Instant now) {
    return retired.orElse(now).plusSeconds(maxAge);
  }
}
