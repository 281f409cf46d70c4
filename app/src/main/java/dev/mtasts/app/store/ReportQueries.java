package dev.mtasts.app.store;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every read the dashboard, the JSON API and {@code report summary} make: one facade, so a page and
 * the API never disagree. Reads only the report index and the roll-ups for the domain page and the
 * overview; failure_detail only for one report's detail. Thread-safe; each call reads on a
 * connection of its own.
 */
public final class ReportQueries {

  /** The overview's trend: the last 30 days, today included. */
  public static final int TREND_DAYS = 30;

  private final Reads reads;
  private final Clock clock;

  ReportQueries(Reads reads, Clock clock) {
    this.reads = reads;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Today in UTC, by this facade's clock. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /** Every domain with reports, by name. */
  public List<DomainListing> domains() {
    return reads.read(SummarySql::domains);
  }

  /** Whether any report is stored for {@code domain}. */
  public boolean hasReports(String domain) {
    return reads.read(c -> SummarySql.hasDomain(c, domain));
  }

  /**
   * The overview: every domain with reports and every one of {@code configured} (A-labels; zeros
   * when it has none yet), by name. The dashboard's overview page and {@code /api/v1/overview} both
   * show this list.
   */
  public List<DomainOverview> overview(Collection<String> configured) {
    return reads.read(
        c -> {
          SortedSet<String> names = new TreeSet<>(configured);
          SummarySql.domains(c).forEach(d -> names.add(d.domain()));
          List<DomainOverview> out = new ArrayList<>();
          for (String d : names) {
            out.add(OverviewSql.overview(c, d, today()));
          }
          return out;
        });
  }

  /** One domain's line of the overview (zeros when it has no reports). */
  public DomainOverview overview(String domain) {
    return reads.read(c -> OverviewSql.overview(c, domain, today()));
  }

  /** The totals: the API's {@code summary}. */
  public DomainSummary summary(String domain, Period period) {
    return reads.read(c -> SummarySql.summary(c, domain, period));
  }

  /** Successful and failed sessions per day with reports, oldest first. */
  public List<DailySessions> series(String domain, Period period) {
    return reads.read(c -> SeriesSql.series(c, domain, period));
  }

  public List<FailureGroup> failuresByResultType(String domain, Period period) {
    return reads.read(c -> BreakdownSql.byResultType(c, domain, period));
  }

  public List<OrganizationSessions> sessionsByOrganization(String domain, Period period) {
    return reads.read(c -> BreakdownSql.byOrganization(c, domain, period));
  }

  /** Failed sessions per receiving MX host (RFC 8460 §4.3 receiving-mx-hostname). */
  public List<FailureGroup> failuresByMxHost(String domain, Period period) {
    return reads.read(c -> BreakdownSql.byMxHost(c, domain, period));
  }

  /** Failed sessions per sending MTA address (RFC 8460 §4.3 sending-mta-ip). */
  public List<FailureGroup> failuresBySendingIp(String domain, Period period) {
    return reads.read(c -> BreakdownSql.bySendingIp(c, domain, period));
  }

  /** The policies senders applied, newest first, with stale senders marked. */
  public List<PolicySeen> policies(String domain, Period period) {
    return reads.read(c -> PoliciesSeen.of(PolicySql.applied(c, domain, period)));
  }

  /**
   * Every table of the domain page, read on one connection; the totals are summed from the same
   * breakdowns the page shows, so they agree with them by construction.
   */
  public DomainPage domainPage(String domain, Period period) {
    return reads.read(
        c -> {
          List<FailureGroup> byType = BreakdownSql.byResultType(c, domain, period);
          List<OrganizationSessions> byOrg = BreakdownSql.byOrganization(c, domain, period);
          Map<String, Long> types = new HashMap<>();
          byType.forEach(g -> types.put(g.key(), g.failed()));
          Map<String, DomainSummary.Sessions> orgs = new HashMap<>();
          byOrg.forEach(
              o ->
                  orgs.put(
                      o.organization(), new DomainSummary.Sessions(o.successful(), o.failed())));
          DomainSummary summary =
              new DomainSummary(
                  domain,
                  SummarySql.reportCount(c, domain, period),
                  byOrg.stream().mapToLong(OrganizationSessions::successful).sum(),
                  byOrg.stream().mapToLong(OrganizationSessions::failed).sum(),
                  types,
                  orgs);
          return new DomainPage(
              period,
              summary,
              SeriesSql.series(c, domain, period),
              byType,
              byOrg,
              BreakdownSql.byMxHost(c, domain, period),
              BreakdownSql.bySendingIp(c, domain, period),
              PoliciesSeen.of(PolicySql.applied(c, domain, period)));
        });
  }

  /** A page of the report list, newest first. */
  public ReportPage reports(ReportFilter filter, Paging paging) {
    return reads.read(c -> ReportListSql.page(c, filter, paging));
  }

  /** One stored report by its id, when there is one. */
  public Optional<ReportDetail> report(long id) {
    return reads.read(c -> ReportDetailSql.detail(c, id));
  }

  /** The raw report behind a stored report, when there is such a report. */
  public Optional<RawReport> raw(long id) {
    return reads.read(c -> RawReportSql.raw(c, id));
  }
}
