package dev.mtasts.app.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the overview: a domain's recent sessions relative to today (UTC).
 *
 * @param last7 sessions of the last 7 days, today included
 * @param last30 sessions of the last 30 days, today included
 * @param trend the last 30 days, oldest first, days without reports as zeros
 * @param reports reports stored for the domain, all time
 * @param lastDay the last day with a report
 * @param policyModes the sts {@code mode}s senders applied on {@code lastDay}, sorted
 */
public record DomainOverview(
    String domain,
    DomainSummary.Sessions last7,
    DomainSummary.Sessions last30,
    List<DailySessions> trend,
    long reports,
    Optional<LocalDate> lastDay,
    List<String> policyModes) {

  public DomainOverview {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(last7, "last7");
    Objects.requireNonNull(last30, "last30");
    trend = List.copyOf(trend);
    Objects.requireNonNull(lastDay, "lastDay");
    policyModes = List.copyOf(policyModes);
  }
}
