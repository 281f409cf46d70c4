package dev.mtasts.app.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A domain leaving MTA-STS (RFC 8461 §8.3), as kept so that serve carries it out after a restart.
 *
 * @param domain the policy domain
 * @param noneId the id of the {@code mode: none} policy served from {@code started}
 * @param started when the none policy was first served
 * @param removeAt when the records and the policy are to be removed
 * @param removed when they were removed; empty until then
 * @param keepConfig whether the domain's block stays in the config file when the retirement
 *     completes ({@code policy retire --keep-config}); false: serve removes it
 */
public record Retirement(
    String domain,
    String noneId,
    Instant started,
    Instant removeAt,
    Optional<Instant> removed,
    boolean keepConfig) {

  public Retirement {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(noneId, "noneId");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(removeAt, "removeAt");
    Objects.requireNonNull(removed, "removed");
  }

  /** Whether the removal step is due at {@code now} and not yet done. */
  public boolean removalDue(Instant now) {
    return removed.isEmpty() && !now.isBefore(removeAt);
  }
}
