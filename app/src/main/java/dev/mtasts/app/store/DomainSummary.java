package dev.mtasts.app.store;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A domain's totals over a range of days (docs/configuration.md: {@code
 * /api/v1/domains/{domain}/summary}).
 *
 * @param domain the policy domain
 * @param reports reports stored for it
 * @param successful successful sessions (RFC 8460 §4.4 {@code total-successful-session-count})
 * @param failed failed sessions ({@code total-failure-session-count})
 * @param byResultType failed sessions per {@code result-type} of the failure details
 * @param byOrganization sessions per sending organisation
 */
public record DomainSummary(
    String domain,
    long reports,
    long successful,
    long failed,
    Map<String, Long> byResultType,
    Map<String, Sessions> byOrganization) {

  /** Successful and failed sessions. */
  public record Sessions(long successful, long failed) {

    /** Successful sessions among all, 0..1; empty without sessions. */
    public OptionalDouble successRate() {
      long all = successful + failed;
      return all == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) successful / all);
    }
  }

  public DomainSummary {
    Objects.requireNonNull(domain, "domain");
    byResultType = Collections.unmodifiableMap(new TreeMap<>(byResultType));
    byOrganization = Collections.unmodifiableMap(new TreeMap<>(byOrganization));
  }
}
