package dev.mtasts.app.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * RFC 8461 §8.3 for one domain: serve {@code mode: none} with a new id and publish that id now,
 * keep serving it until every policy served before may have left senders' caches, then remove the
 * {@code _mta-sts} record and the policy.
 *
 * @param domain the policy domain
 * @param start when the none policy is served and its id published
 * @param removeAt when the record and the policy are removed
 * @param decidedBy the id of the earlier policy whose cache lifetime ends last, which sets {@code
 *     removeAt}
 * @param noneMaxAge the none policy's max_age in seconds
 */
public record RetirePlan(
    String domain, Instant start, Instant removeAt, String decidedBy, long noneMaxAge) {

  public RetirePlan {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(removeAt, "removeAt");
    Objects.requireNonNull(decidedBy, "decidedBy");
  }

  /** One step and when it comes due. */
  public record Step(Instant at, String what) {}

  /** The steps in order, for printing. */
  public List<Step> steps() {
    return List.of(
        new Step(
            start,
            "serve mode: none (max_age "
                + noneMaxAge
                + ") for "
                + domain
                + " with a new id (RFC 8461 §8.3 step 1)"),
        new Step(
            start,
            "publish the new id in _mta-sts."
                + domain
                + " once the none policy is served (§8.3 step 2)"),
        new Step(
            removeAt,
            "remove the _mta-sts."
                + domain
                + " TXT record and stop serving the policy: every earlier policy has expired from"
                + " senders' caches by then (policy "
                + decidedBy
                + " lasts longest; §8.3 step 3)"));
  }
}
