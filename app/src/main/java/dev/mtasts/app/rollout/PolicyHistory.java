package dev.mtasts.app.rollout;

import dev.mtasts.app.store.PolicyVersion;
import dev.mtasts.app.store.Retirement;
import dev.mtasts.app.store.RolloutStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store knows of a hosted domain's policy over time: every version serve served (RFC 8461
 * §3.1, a new id for each change) and its retirement (§8.3) with the time each step ran or is due.
 *
 * @param domain the policy domain (A-label)
 * @param versions every version, oldest first
 * @param retirement the retirement, if one was started
 */
public record PolicyHistory(
    String domain, List<PolicyVersion> versions, Optional<Retirement> retirement) {

  public PolicyHistory {
    Objects.requireNonNull(domain, "domain");
    versions = List.copyOf(versions);
    Objects.requireNonNull(retirement, "retirement");
  }

  /** The domain's history as the store holds it. */
  public static PolicyHistory of(RolloutStore store, String domain) {
    return new PolicyHistory(domain, store.history(domain), store.retirement(domain));
  }

  /** Whether the store knows nothing of the domain. */
  public boolean isEmpty() {
    return versions.isEmpty() && retirement.isEmpty();
  }

  /** The version served now, if any (none after a completed retirement). */
  public Optional<PolicyVersion> current() {
    return versions.stream().filter(v -> v.retired().isEmpty()).reduce((a, b) -> b);
  }

  /**
   * One step of RFC 8461 §8.3.
   *
   * @param number 1 to 3, as §8.3 numbers them
   * @param what what the step does
   * @param at when it ran, or when it is due (empty: not known yet)
   * @param done whether it ran
   */
  public record Step(int number, String what, Optional<Instant> at, boolean done) {}

  /** The retirement's steps: when each ran, or is due; empty without a retirement. */
  public List<Step> retirementSteps() {
    if (retirement.isEmpty()) {
      return List.of();
    }
    Retirement r = retirement.get();
    Optional<PolicyVersion> none =
        versions.stream().filter(v -> v.id().equals(r.noneId())).findFirst();
    Optional<Instant> served = none.map(PolicyVersion::firstServed);
    Optional<Instant> published = none.flatMap(PolicyVersion::published);
    return List.of(
        new Step(
            1,
            "serve mode: none with id " + r.noneId(),
            served.or(() -> Optional.of(r.started())),
            served.isPresent()),
        new Step(
            2,
            "publish id "
                + r.noneId()
                + " in "
                + HostedRecords.stsName(domain)
                + " (recorded when serve does it by dynamic update)",
            published,
            published.isPresent()),
        new Step(
            3,
            "remove " + HostedRecords.stsName(domain) + " TXT and stop serving the policy",
            Optional.of(r.removed().orElse(r.removeAt())),
            r.removed().isPresent()));
  }
}
