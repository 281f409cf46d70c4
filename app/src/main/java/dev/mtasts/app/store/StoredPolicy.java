package dev.mtasts.app.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One policy result of a stored report, in the report's order (RFC 8460 §4.3, §4.4). */
public record StoredPolicy(
    String policyType,
    Optional<String> policyDomain,
    List<String> policyStrings,
    List<String> mxHosts,
    long successful,
    long failed,
    List<StoredFailure> failures) {

  public StoredPolicy {
    Objects.requireNonNull(policyType, "policyType");
    Objects.requireNonNull(policyDomain, "policyDomain");
    policyStrings = List.copyOf(policyStrings);
    mxHosts = List.copyOf(mxHosts);
    failures = List.copyOf(failures);
  }
}
