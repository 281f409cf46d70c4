package dev.mtasts.app.cli;

import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.SessionCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The failure details of one policy as a person reads them (RFC 8460 §4.3): by result type, then by
 * where the sessions went (receiving MX host and IP) and why (failure-reason-code), the largest
 * first, e.g.
 *
 * <pre>
 *     validation-failure: 3 sessions
 *       3 to mx-backup.example (203.0.113.58): X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED
 * </pre>
 *
 * Details that differ only in what this leaves out (the sending MTA, the HELO name, additional
 * information) are added up.
 */
final class FailureSummary {

  /** Where failed sessions went and why; each part absent when the report leaves it out. */
  private record Target(
      Optional<String> mxHost, Optional<String> receivingIp, Optional<String> reason) {
    static Target of(FailureDetails failure) {
      return new Target(
          failure.receivingMxHostname(), failure.receivingIp(), failure.failureReasonCode());
    }

    String describe(long sessions) {
      StringBuilder text = new StringBuilder(Long.toString(sessions));
      mxHost.ifPresent(host -> text.append(" to ").append(host));
      receivingIp.ifPresent(ip -> text.append(mxHost.isPresent() ? " (" + ip + ")" : " to " + ip));
      reason.ifPresent(r -> text.append(": ").append(r));
      return text.toString();
    }
  }

  private FailureSummary() {}

  /** The lines to print, each starting with {@code indent}. */
  static List<String> lines(List<FailureDetails> failures, String indent) {
    List<String> lines = new ArrayList<>();
    Map<String, Map<Target, Long>> byType = new LinkedHashMap<>();
    for (FailureDetails failure : failures) {
      byType
          .computeIfAbsent(failure.resultType().value(), type -> new LinkedHashMap<>())
          .merge(Target.of(failure), failure.failedSessionCount(), SessionCounts::add);
    }
    for (Map.Entry<String, Map<Target, Long>> type : largestFirst(byType, FailureSummary::total)) {
      lines.add(indent + type.getKey() + ": " + sessions(total(type.getValue())));
      for (Map.Entry<Target, Long> target : largestFirst(type.getValue(), Long::longValue)) {
        lines.add(indent + "  " + target.getKey().describe(target.getValue()));
      }
    }
    return lines;
  }

  private static <K, V> List<Map.Entry<K, V>> largestFirst(Map<K, V> map, ToLongFunction<V> size) {
    List<Map.Entry<K, V>> entries = new ArrayList<>(map.entrySet());
    // stable: equal sizes keep the report's order
    entries.sort(
        Comparator.comparingLong((Map.Entry<K, V> e) -> size.applyAsLong(e.getValue())).reversed());
    return entries;
  }

  private static long total(Map<Target, Long> targets) {
    return targets.values().stream().reduce(0L, SessionCounts::add);
  }

  private static String sessions(long n) {
    return n + (n == 1 ? " session" : " sessions");
  }
}
