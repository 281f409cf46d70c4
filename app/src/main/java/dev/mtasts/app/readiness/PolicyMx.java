package dev.mtasts.app.readiness;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Leniency;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The {@code mx} patterns of a policy as a report shows it (RFC 8460 §4.4). */
final class PolicyMx {

  private PolicyMx() {}

  /**
   * The patterns of a reported policy: its {@code policy-string} lines read as a policy file (RFC
   * 8461 §3.2, as a sender reads it), else each {@code mx:} line on its own when the lines are not
   * a whole policy; together with its {@code mx-host} entries, which for MTA-STS are the policy's
   * patterns. Invalid patterns are left out.
   *
   * @param policyStrings the {@code policy-string} lines, separated by LF
   * @param mxHosts the {@code mx-host} entries, separated by LF
   */
  static List<String> patterns(String policyStrings, String mxHosts) {
    Set<String> out = new LinkedHashSet<>();
    List<String> lines = policyStrings.isEmpty() ? List.of() : List.of(policyStrings.split("\n"));
    ParseResult<Policy> policy = Policy.parse(String.join("\r\n", lines) + "\r\n", Leniency.SENDER);
    if (policy instanceof ParseResult.Ok<Policy> ok) {
      ok.value().mx().forEach(p -> out.add(p.pattern().toLowerCase(Locale.ROOT)));
    } else {
      for (String line : lines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("mx")) {
          add(out, line.substring(colon + 1));
        }
      }
    }
    if (!mxHosts.isEmpty()) {
      for (String host : mxHosts.split("\n")) {
        add(out, host);
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
