package dev.mtasts.core.tlsrpt;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code policies} (RFC 8460 §4.4): the policy applied, its counts, and the failures.
 */
public record PolicyResult(
    PolicyDetails policy, Summary summary, List<FailureDetails> failureDetails) {

  public PolicyResult {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(summary, "summary");
    failureDetails = List.copyOf(failureDetails);
  }
}
