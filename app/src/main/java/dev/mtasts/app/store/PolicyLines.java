package dev.mtasts.app.store;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Leniency;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.util.List;
import java.util.Optional;

/**
 * The fields of an sts policy-string as a sender reported it (RFC 8460 §4.3: the policy's lines),
 * read as a sender reads a fetched policy (RFC 8461 §3.2, {@link Leniency#SENDER}); lines the
 * parser refuses give no fields, and the lines are still shown.
 */
record PolicyLines(
    List<String> lines, Optional<String> mode, List<String> mx, Optional<Long> maxAge) {

  /**
   * The lines of a policy of {@code policyType}; only {@code sts} lines are read for fields.
   *
   * @param stored the lines joined by line feeds, as stored
   */
  static PolicyLines of(String policyType, String stored) {
    List<String> lines = stored.isEmpty() ? List.of() : List.of(stored.split("\n", -1));
    if (!policyType.equals("sts")
        || lines.isEmpty()
        || !(Policy.parse(String.join("\n", lines) + "\n", Leniency.SENDER)
            instanceof ParseResult.Ok<Policy> ok)) {
      return new PolicyLines(lines, Optional.empty(), List.of(), Optional.empty());
    }
    Policy p = ok.value();
    return new PolicyLines(
        lines,
        Optional.of(p.mode().token()),
        p.mx().stream().map(MxPattern::pattern).toList(),
        Optional.of(p.maxAge()));
  }
}
