package dev.mtasts.core.resolve;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One cached MTA-STS policy for one policy domain (RFC 8461 §5.1).
 *
 * @param domain the policy domain, lower case, without a trailing dot
 * @param policyId the {@code id} of the {@code _mta-sts} TXT record the policy was fetched for (RFC
 *     8461 §3.1); a changed id means a new policy must be fetched
 * @param policyText the policy body exactly as fetched from the policy host (RFC 8461 §3.2), so a
 *     store never depends on the parser
 * @param fetchedAt when the policy body was fetched
 * @param expiresAt {@code fetchedAt + max_age} (RFC 8461 §3.2): after this the policy must not be
 *     used unless refreshed
 * @param refresh when the policy was last checked for a newer version and how that went
 */
public record CachedPolicy(
    String domain,
    String policyId,
    String policyText,
    Instant fetchedAt,
    Instant expiresAt,
    RefreshState refresh) {

  public CachedPolicy {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(policyId, "policyId");
    Objects.requireNonNull(policyText, "policyText");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(refresh, "refresh");
    if (domain.isEmpty()
        || !domain.equals(domain.toLowerCase(Locale.ROOT))
        || domain.endsWith(".")) {
      throw new IllegalArgumentException(
          "domain must be lower case without trailing dot: " + domain);
    }
    if (expiresAt.isBefore(fetchedAt)) {
      throw new IllegalArgumentException("expiresAt before fetchedAt for " + domain);
    }
  }

  /** Whether the policy may still be applied at {@code now} (RFC 8461 §5.1: until max_age ends). */
  public boolean usableAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /** The same policy with a new refresh state (the body, id and expiry stay). */
  public CachedPolicy withRefresh(RefreshState newRefresh) {
    return new CachedPolicy(domain, policyId, policyText, fetchedAt, expiresAt, newRefresh);
  }
}
