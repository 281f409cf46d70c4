package dev.mtasts.app.readiness;

import dev.mtasts.app.store.PolicySeen;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.tlsrpt.PolicyType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The {@code mx} patterns of a policy as a report shows it (RFC 8460 §4.4). */
final class PolicyMx {

  private PolicyMx() {}

  /**
   * The patterns of the current MTA-STS policy senders reported (the store's policies seen): its
   * {@code mx} lines when its {@code policy-string} lines read as a policy file (RFC 8461 §3.2, as
   * a sender reads it), else each {@code mx:} line on its own when the lines are not a whole
   * policy. Invalid patterns are left out; empty when no sender reported an MTA-STS policy.
   */
  static List<String> patterns(List<PolicySeen> policies) {
    Optional<PolicySeen> current =
        policies.stream()
            .filter(p -> PolicyType.STS.value().equals(p.policyType()) && p.current())
            .findFirst();
    if (current.isEmpty()) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    if (!current.get().mx().isEmpty()) {
      current.get().mx().forEach(m -> add(out, m));
      return List.copyOf(out);
    }
    for (String line : current.get().policyStrings()) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("mx")) {
        add(out, line.substring(colon + 1));
      }
    }
    return List.copyOf(out);
  }

  private static void add(Set<String> out, String text) {
    MxPattern.parse(text.strip())
        .ok()
        .ifPresent(p -> out.add(p.pattern().toLowerCase(Locale.ROOT)));
  }

  /** Whether any of {@code patterns} matches {@code host} (RFC 8461 §4.1). */
  static boolean covers(List<String> patterns, String host) {
    return patterns.stream().anyMatch(p -> new MxPattern(p).matches(host));
  }
}
