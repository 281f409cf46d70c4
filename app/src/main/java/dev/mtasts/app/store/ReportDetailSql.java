package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One stored report with its policies and failure details. */
final class ReportDetailSql {

  private ReportDetailSql() {}

  static Optional<ReportDetail> detail(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + ReportListSql.COLUMNS
                + ", r.contact, w.source_detail, w.raw_size, w.raw_gzip IS NOT NULL, w.warnings,"
                + " w.dkim_domain, w.dkim_aligned"
                + " FROM report r JOIN raw_report w ON w.id = r.raw_id WHERE r.id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        ReportListing listing = ReportListSql.listing(rs);
        String warnings = rs.getString(17);
        Optional<String> dkimDomain = Optional.ofNullable(rs.getString(18));
        boolean aligned = rs.getBoolean(19);
        Optional<Boolean> alignment = rs.wasNull() ? Optional.empty() : Optional.of(aligned);
        return Optional.of(
            new ReportDetail(
                listing,
                Optional.ofNullable(rs.getString(13)),
                Optional.ofNullable(rs.getString(14)),
                rs.getLong(15),
                rs.getBoolean(16),
                warnings == null ? List.of() : List.of(warnings.split(",")),
                listing.dkimResult().map(r -> new DkimVerdict(r, dkimDomain, alignment)),
                policies(c, id)));
      }
    }
  }

  private static List<StoredPolicy> policies(Connection c, long reportRow) throws SQLException {
    List<StoredPolicy> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, policy_type, policy_domain, policy_strings, mx_hosts, successful, failed"
                + " FROM policy WHERE report_row = ? ORDER BY position")) {
      ps.setLong(1, reportRow);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredPolicy(
                  rs.getString(2),
                  Optional.ofNullable(rs.getString(3)),
                  lines(rs.getString(4)),
                  lines(rs.getString(5)),
                  rs.getLong(6),
                  rs.getLong(7),
                  failures(c, rs.getLong(1))));
        }
      }
    }
    return out;
  }

  private static List<StoredFailure> failures(Connection c, long policyRow) throws SQLException {
    List<StoredFailure> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT result_type, sending_mta_ip, receiving_mx_hostname, receiving_mx_helo,"
                + " receiving_ip, failed_session_count, additional_information,"
                + " failure_reason_code FROM failure_detail WHERE policy_row = ? ORDER BY id")) {
      ps.setLong(1, policyRow);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredFailure(
                  rs.getString(1),
                  Optional.ofNullable(rs.getString(2)),
                  Optional.ofNullable(rs.getString(3)),
                  Optional.ofNullable(rs.getString(4)),
                  Optional.ofNullable(rs.getString(5)),
                  rs.getLong(6),
                  Optional.ofNullable(rs.getString(7)),
                  Optional.ofNullable(rs.getString(8))));
        }
      }
    }
    return out;
  }

  private static List<String> lines(String stored) {
    return stored.isEmpty() ? List.of() : List.of(stored.split("\n", -1));
  }
}
