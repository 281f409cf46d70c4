package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** One domain's line of the overview. */
final class OverviewSql {

  private OverviewSql() {}

  static DomainOverview overview(Connection c, String domain, LocalDate today) throws SQLException {
    LocalDate from = today.minusDays(ReportQueries.TREND_DAYS - 1L);
    List<DailySessions> trend =
        SeriesSql.filled(SeriesSql.series(c, domain, Period.of(from, today)), from, today);
    Optional<LocalDate> last = PolicySql.lastDay(c, domain);
    return new DomainOverview(
        domain,
        SeriesSql.total(trend.subList(trend.size() - 7, trend.size())),
        SeriesSql.total(trend),
        trend,
        SummarySql.reportCount(c, domain, Period.ALL),
        last,
        last.isPresent() ? PolicySql.stsModes(c, domain, last.get()) : List.of());
  }
}
