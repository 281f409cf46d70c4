package dev.mtasts.app.web;

import dev.mtasts.app.readiness.ReadinessService;
import dev.mtasts.app.store.DailySessions;
import dev.mtasts.app.store.DomainPage;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.Period;
import dev.mtasts.app.store.PolicySeen;
import dev.mtasts.app.store.ReportQueries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** {@code /domains/{domain}}: one domain's sessions, failures and policies over a period. */
final class DomainPages {

  /** The quick periods: the last N days; 0 is all time. */
  private static final int[] CHOICES = {7, 30, 90, 0};

  private final ReportQueries queries;
  private final ReadinessService readiness;

  DomainPages(ReportQueries queries, ReadinessService readiness) {
    this.queries = queries;
    this.readiness = readiness;
  }

  DomainView view(
      Sessions.Session session, String domain, String unicode, Period period, String lastParam) {
    DomainPage page = queries.domainPage(domain, period);
    DomainSummary s = page.summary();
    LocalDate today = queries.today();
    List<DailySessions> series = page.series();
    LocalDate first = period.from().orElse(series.isEmpty() ? today : series.getFirst().day());
    LocalDate last = period.to().orElse(series.isEmpty() ? today : series.getLast().day());
    String base = "/domains/" + ApiLinks.encode(domain);
    List<DomainView.Choice> choices = new ArrayList<>();
    for (int days : CHOICES) {
      String label = days == 0 ? "All time" : "Last " + days + " days";
      String href = days == 0 ? base : base + "?last=" + days;
      boolean current =
          days == 0 ? period.equals(Period.ALL) : Integer.toString(days).equals(lastParam);
      choices.add(new DomainView.Choice(label, href, current));
    }
    List<DomainView.Day> days = new ArrayList<>();
    for (DailySessions d : series) {
      days.add(
          new DomainView.Day(
              d.day().toString(),
              d.successful(),
              d.failed(),
              Rates.percent(d.successful(), d.failed())));
    }
    List<DomainView.Policy> policies = new ArrayList<>();
    for (PolicySeen p : page.policies()) {
      policies.add(
          new DomainView.Policy(
              p,
              p.mode().orElse("–"),
              p.mx().isEmpty() ? "–" : String.join(", ", p.mx()),
              p.maxAge().map(a -> a + " s").orElse("–"),
              p.firstDay().equals(p.lastDay())
                  ? p.firstDay().toString()
                  : p.firstDay() + " to " + p.lastDay(),
              String.join("\n", p.policyStrings())));
    }
    String periodQuery = PeriodParam.query(period);
    return new DomainView(
        Frame.of(domain, session),
        domain,
        unicode.equals(domain) ? "" : unicode,
        PeriodParam.words(period),
        period.from().map(LocalDate::toString).orElse(""),
        period.to().map(LocalDate::toString).orElse(""),
        choices,
        s.reports(),
        s.successful(),
        s.failed(),
        Rates.percent(s.successful(), s.failed()),
        Rates.tone(s.successful(), s.failed()),
        Chart.of(series, first, last, 720, 180),
        days,
        page.byResultType(),
        page.byOrganization(),
        page.byMxHost(),
        page.bySendingIp(),
        policies,
        new DomainView.Tables(
            ApiLinks.domain(domain, "summary", period),
            ApiLinks.domain(domain, "series", period),
            ApiLinks.domain(domain, "by-result-type", period),
            ApiLinks.domain(domain, "by-organization", period),
            ApiLinks.domain(domain, "by-mx-host", period),
            ApiLinks.domain(domain, "by-sending-ip", period),
            ApiLinks.domain(domain, "policies", period)),
        "/reports?domain="
            + ApiLinks.encode(domain)
            + (periodQuery.isEmpty() ? "" : "&" + periodQuery),
        ReadinessView.of(readiness.assess(domain)));
  }
}
