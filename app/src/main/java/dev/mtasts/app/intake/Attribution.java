package dev.mtasts.app.intake;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.ReadReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which of our domains a report speaks about: each policy's {@code policy-domain} (RFC 8460 §4.4),
 * or, when a sender left it out, the {@code TLS-Report-Domain} of the mail that carried it (RFC
 * 8460 §5.3). A report naming several configured domains is stored for each; policies for other
 * domains are not stored. With no configured domains (no-config mode) every domain is accepted.
 */
public final class Attribution {

  private final Optional<Set<String>> domains;

  private Attribution(Optional<Set<String>> domains) {
    this.domains = domains;
  }

  /** Reports are stored only for these domains ({@code reports.domains}). */
  public static Attribution only(Set<String> domains) {
    return new Attribution(
        Optional.of(Set.copyOf(domains.stream().map(Attribution::normalize).toList())));
  }

  /** No-config mode: reports are stored for every domain they name. */
  public static Attribution acceptAll() {
    return new Attribution(Optional.empty());
  }

  public boolean acceptsAll() {
    return domains.isEmpty();
  }

  /**
   * Lower case, no trailing dot, and an internationalized name as its A-labels, so that {@code
   * reports.domains: [bücher.example]} and a report about {@code xn--bcher-kva.example} meet (the
   * store keys domains by A-label).
   */
  public static String normalize(String domain) {
    String d = domain.strip().toLowerCase(Locale.ROOT);
    d = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    if (d.chars().allMatch(c -> c < 0x80)) {
      return d;
    }
    return Domain.parse(d) instanceof ParseResult.Ok<Domain> ok ? ok.value().ascii() : d;
  }

  /** The report's policies per accepted domain, in domain order; empty when none is ours. */
  SortedMap<String, List<PolicyResult>> attribute(ReadReport read) {
    Optional<String> mailDomain =
        read.email().flatMap(e -> e.reportDomain()).map(Attribution::normalize);
    SortedMap<String, List<PolicyResult>> out = new TreeMap<>();
    for (PolicyResult p : read.report().policies()) {
      Optional<String> domain =
          p.policy().policyDomain().map(Attribution::normalize).filter(d -> !d.isEmpty());
      Optional<String> owner = domain.or(() -> mailDomain);
      if (owner.isPresent() && accepts(owner.get())) {
        out.computeIfAbsent(owner.get(), d -> new ArrayList<>()).add(p);
      }
    }
    return out;
  }

  private boolean accepts(String domain) {
    return domains.map(set -> set.contains(domain)).orElse(true);
  }

  /** Why nothing was attributed to a report. */
  static Outcome.Rejected refusal(ReadReport read) {
    boolean anyDomain =
        read.email().flatMap(e -> e.reportDomain()).isPresent()
            || read.report().policies().stream()
                .anyMatch(p -> p.policy().policyDomain().isPresent());
    if (!anyDomain) {
      return new Outcome.Rejected(
          "REPORT_NO_POLICY_DOMAIN", "no policy names its policy-domain (RFC 8460 §4.4)");
    }
    return new Outcome.Rejected(
        "REPORT_NOT_OUR_DOMAIN", "the report is for no domain configured in reports.domains");
  }
}
