package dev.mtasts.app.web;

import dev.mtasts.app.readiness.ReadinessService;
import dev.mtasts.app.store.DomainOverview;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.ReportQueries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** {@code /}: every domain with reports, and every configured one, with its recent success. */
final class OverviewPage {

  private final ReportQueries queries;
  private final ReadinessService readiness;
  private final List<String> configuredDomains;

  OverviewPage(ReportQueries queries, ReadinessService readiness, List<String> configuredDomains) {
    this.queries = queries;
    this.readiness = readiness;
    this.configuredDomains = List.copyOf(configuredDomains);
  }

  OverviewView view(Sessions.Session session) {
    LocalDate today = queries.today();
    List<OverviewView.Row> rows = new ArrayList<>();
    for (DomainOverview o : queries.overview(configuredDomains)) {
      rows.add(row(o, today, ReadinessView.of(readiness.assess(o.domain()))));
    }
    return new OverviewView(
        Frame.of("Overview", session),
        configuredDomains.isEmpty(),
        today.toString(),
        rows,
        ApiLinks.overview());
  }

  private static OverviewView.Row row(DomainOverview o, LocalDate today, ReadinessView ready) {
    DomainSummary.Sessions w7 = o.last7();
    DomainSummary.Sessions w30 = o.last30();
    return new OverviewView.Row(
        o.domain(),
        "/domains/" + ApiLinks.encode(o.domain()),
        Rates.percent(w7.successful(), w7.failed()),
        Rates.tone(w7.successful(), w7.failed()),
        sessions(w7),
        Rates.percent(w30.successful(), w30.failed()),
        Rates.tone(w30.successful(), w30.failed()),
        sessions(w30),
        Chart.of(o.trend(), today.minusDays(ReportQueries.TREND_DAYS - 1L), today, 120, 28),
        o.reports(),
        o.lastDay().map(LocalDate::toString).orElse("none"),
        o.policyModes().isEmpty() ? "–" : String.join(", ", o.policyModes()),
        ready);
  }

  private static String sessions(DomainSummary.Sessions s) {
    return s.successful() + " successful, " + s.failed() + " failed";
  }
}
