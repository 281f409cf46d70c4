package dev.mtasts.app.readiness;

import java.util.List;
import java.util.Objects;

/**
 * A domain's enforce-readiness: the verdict, every reason against it, and the evidence.
 *
 * @param domain the policy domain (A-label)
 * @param verdict {@link Verdict#NOT_READY} when any reason says so, else {@link
 *     Verdict#NOT_ENOUGH_DATA} when any reason says so, else {@link Verdict#READY}
 * @param reasons every reason found, not-ready reasons first
 * @param evidence what the verdict rests on
 * @param thresholds what it was judged against
 */
public record Readiness(
    String domain,
    Verdict verdict,
    List<Reason> reasons,
    Evidence evidence,
    Thresholds thresholds) {

  public Readiness {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(verdict, "verdict");
    reasons = List.copyOf(reasons);
  }

  /** Whether the verdict is {@link Verdict#READY}. */
  public boolean ready() {
    return verdict == Verdict.READY;
  }
}
