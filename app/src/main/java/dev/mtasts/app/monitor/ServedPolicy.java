package dev.mtasts.app.monitor;

import dev.mtasts.core.policy.Policy;
import java.util.Objects;

/**
 * What serve serves for a hosted domain now: the policy and the id that must be published for it.
 *
 * @param domain the policy domain (A-label)
 * @param id the id of the served policy (RFC 8461 §3.1)
 * @param policy the served policy
 */
public record ServedPolicy(String domain, String id, Policy policy) {

  public ServedPolicy {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(policy, "policy");
  }
}
