package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The report list: stored reports matching a filter, newest first (the day their date range starts,
 * then the latest stored). The result-type filter reads the report_result_types roll-up, never
 * failure_detail.
 */
final class ReportListSql {

  private ReportListSql() {}

  static final String COLUMNS =
      "r.id, r.domain, r.organization, r.report_id, r.start_at, r.end_at, r.day, r.successful,"
          + " r.failed, w.received_at, w.source, w.dkim_result";

  static ReportPage page(Connection c, ReportFilter filter, Paging paging) throws SQLException {
    List<String> args = new ArrayList<>();
    String where = where(filter, args);
    long total;
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM report r" + where)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        total = rs.getLong(1);
      }
    }
    List<ReportListing> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM report r JOIN raw_report w ON w.id = r.raw_id"
                + where
                + " ORDER BY r.day DESC, r.id DESC LIMIT ? OFFSET ?")) {
      bind(ps, args);
      ps.setInt(args.size() + 1, paging.limit());
      ps.setInt(args.size() + 2, paging.offset());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(listing(rs));
        }
      }
    }
    return new ReportPage(total, paging, rows);
  }

  /** A listing from the columns of {@link #COLUMNS}, in order. */
  static ReportListing listing(ResultSet rs) throws SQLException {
    return new ReportListing(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        Instant.ofEpochMilli(rs.getLong(5)),
        Instant.ofEpochMilli(rs.getLong(6)),
        LocalDate.parse(rs.getString(7)),
        rs.getLong(8),
        rs.getLong(9),
        Instant.ofEpochMilli(rs.getLong(10)),
        rs.getString(11),
        Optional.ofNullable(rs.getString(12)));
  }

  private static String where(ReportFilter f, List<String> args) {
    StringBuilder sql = new StringBuilder(" WHERE r.day >= ? AND r.day <= ?");
    args.add(f.period().lo());
    args.add(f.period().hi());
    f.domain()
        .ifPresent(
            d -> {
              sql.append(" AND r.domain = ?");
              args.add(d);
            });
    f.organization()
        .ifPresent(
            o -> {
              sql.append(" AND r.organization = ?");
              args.add(o);
            });
    f.resultType()
        .ifPresent(
            t -> {
              sql.append(
                  " AND EXISTS (SELECT 1 FROM report_result_types t"
                      + " WHERE t.report_row = r.id AND t.result_type = ?)");
              args.add(t);
            });
    return sql.toString();
  }

  private static void bind(PreparedStatement ps, List<String> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setString(i + 1, args.get(i));
    }
  }
}
