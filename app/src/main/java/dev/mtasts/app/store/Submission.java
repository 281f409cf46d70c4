package dev.mtasts.app.store;

import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.Report;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A read and attributed report, ready for one transaction.
 *
 * @param raw the bytes as received (stored compressed)
 * @param contentHash SHA-256 of {@code raw}, lower-case hex
 * @param source where it came from ({@code https}, {@code smtp}, {@code imap}, {@code import})
 * @param sourceDetail the peer address, file name or message, when known
 * @param receivedAt when it arrived
 * @param report the report as the core reader read it
 * @param warnings the reader's warning codes
 * @param byDomain the report's policies per configured domain it is stored for (never empty)
 * @param dkim the DKIM verdict of the carrying mail, when it came by mail and was verified
 */
public record Submission(
    byte[] raw,
    String contentHash,
    String source,
    Optional<String> sourceDetail,
    Instant receivedAt,
    Report report,
    List<String> warnings,
    SortedMap<String, List<PolicyResult>> byDomain,
    Optional<DkimVerdict> dkim) {

  public Submission {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceDetail, "sourceDetail");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(report, "report");
    warnings = List.copyOf(warnings);
    SortedMap<String, List<PolicyResult>> copy = new TreeMap<>();
    for (Map.Entry<String, List<PolicyResult>> e : byDomain.entrySet()) {
      copy.put(e.getKey(), List.copyOf(e.getValue()));
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a submission is stored for at least one domain");
    }
    byDomain = java.util.Collections.unmodifiableSortedMap(copy);
    Objects.requireNonNull(dkim, "dkim");
  }
}
