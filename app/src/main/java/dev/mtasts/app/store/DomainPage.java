package dev.mtasts.app.store;

import java.util.List;
import java.util.Objects;

/**
 * Everything the domain page shows for a period; each table is also its own query of {@link
 * ReportQueries}.
 *
 * @param summary the totals (the API summary)
 * @param series the per-day sessions, oldest first, only days with reports
 * @param byResultType failed sessions per result type, largest first
 * @param byOrganization sessions per sending organisation, most failed first
 * @param byMxHost failed sessions per receiving MX host, largest first
 * @param bySendingIp failed sessions per sending MTA address, largest first
 * @param policies the policies senders applied, newest first
 */
public record DomainPage(
    Period period,
    DomainSummary summary,
    List<DailySessions> series,
    List<FailureGroup> byResultType,
    List<OrganizationSessions> byOrganization,
    List<FailureGroup> byMxHost,
    List<FailureGroup> bySendingIp,
    List<PolicySeen> policies) {

  public DomainPage {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(summary, "summary");
    series = List.copyOf(series);
    byResultType = List.copyOf(byResultType);
    byOrganization = List.copyOf(byOrganization);
    byMxHost = List.copyOf(byMxHost);
    bySendingIp = List.copyOf(bySendingIp);
    policies = List.copyOf(policies);
  }
}
