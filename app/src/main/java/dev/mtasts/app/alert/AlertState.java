package dev.mtasts.app.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the alert tables (db/&#42;/V3__alerts.sql), run inside the caller's transaction. The
 * same SQL runs on SQLite and PostgreSQL.
 */
final class AlertState {

  /** An alert that is open (its condition holds). */
  record Open(long id, Alert alert, Instant openedAt, Instant lastSeenAt) {}

  /** A message waiting in the outbox for one channel. */
  record Delivery(long id, String channel, Notification notification, int attempts) {}

  private AlertState() {}

  /** Opens the alert unless it is open already; the new row's id when it was opened now. */
  static Optional<Long> open(Connection c, Alert a, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO alert (domain, kind, subject, message, opened_at, last_seen_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id")) {
      ps.setString(1, a.domain());
      ps.setString(2, a.kind());
      ps.setString(3, a.subject());
      ps.setString(4, a.message());
      ps.setLong(5, now.toEpochMilli());
      ps.setLong(6, now.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return Optional.of(rs.getLong(1));
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE alert SET last_seen_at = ? WHERE domain = ? AND kind = ? AND subject = ?"
                + " AND cleared_at IS NULL")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setString(2, a.domain());
      ps.setString(3, a.kind());
      ps.setString(4, a.subject());
      ps.executeUpdate();
    }
    return Optional.empty();
  }

  /** Clears the open alert with this key; whether one was open. */
  static boolean clear(Connection c, String kind, String domain, String subject, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE alert SET cleared_at = ? WHERE domain = ? AND kind = ? AND subject = ?"
                + " AND cleared_at IS NULL")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setString(2, domain);
      ps.setString(3, kind);
      ps.setString(4, subject);
      return ps.executeUpdate() > 0;
    }
  }

  /** The open alerts, of one domain or (null) of all, oldest first. */
  static List<Open> open(Connection c, String domain) throws SQLException {
    String sql =
        "SELECT id, kind, domain, subject, message, opened_at, last_seen_at FROM alert"
            + " WHERE cleared_at IS NULL"
            + (domain == null ? "" : " AND domain = ?")
            + " ORDER BY opened_at, id";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (domain != null) {
        ps.setString(1, domain);
      }
      List<Open> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Open(
                  rs.getLong(1),
                  new Alert(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                  Instant.ofEpochMilli(rs.getLong(6)),
                  Instant.ofEpochMilli(rs.getLong(7))));
        }
      }
      return out;
    }
  }

  /** Alerts opened or cleared within {@code from}..{@code to} (for the digest), oldest first. */
  static List<Alert> openedBetween(Connection c, Instant from, Instant to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT kind, domain, subject, message FROM alert WHERE opened_at >= ?"
                + " AND opened_at < ? ORDER BY opened_at, id")) {
      ps.setLong(1, from.toEpochMilli());
      ps.setLong(2, to.toEpochMilli());
      List<Alert> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Alert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      return out;
    }
  }

  /** Puts a notification in the outbox for {@code channel}, due now. */
  static void enqueue(Connection c, Long alertId, String channel, Notification n, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO alert_delivery (alert_id, channel, title, body_text, body_json,"
                + " created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)")) {
      if (alertId == null) {
        ps.setNull(1, Types.BIGINT);
      } else {
        ps.setLong(1, alertId);
      }
      ps.setString(2, channel);
      ps.setString(3, n.title());
      ps.setString(4, n.text());
      ps.setString(5, n.json());
      ps.setLong(6, now.toEpochMilli());
      ps.setLong(7, now.toEpochMilli());
      ps.executeUpdate();
    }
  }

  /** Outbox rows due by {@code now}, oldest first. */
  static List<Delivery> due(Connection c, Instant now, int limit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, channel, title, body_text, body_json, attempts FROM alert_delivery"
                + " WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?"
                + " ORDER BY next_attempt_at, id LIMIT ?")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setInt(2, limit);
      List<Delivery> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Delivery(
                  rs.getLong(1),
                  rs.getString(2),
                  new Notification(rs.getString(3), rs.getString(4), rs.getString(5)),
                  rs.getInt(6)));
        }
      }
      return out;
    }
  }

  /**
   * Claims a due row for one attempt: moves its next attempt to {@code leaseUntil}, so another
   * process sharing the database does not deliver it at the same time; whether the claim won.
   */
  static boolean claim(Connection c, long id, Instant now, Instant leaseUntil) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE alert_delivery SET next_attempt_at = ?, attempts = attempts + 1"
                + " WHERE id = ? AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?")) {
      ps.setLong(1, leaseUntil.toEpochMilli());
      ps.setLong(2, id);
      ps.setLong(3, now.toEpochMilli());
      return ps.executeUpdate() == 1;
    }
  }

  /** Records the outcome of an attempt: delivered, retry at {@code next}, or given up (empty). */
  static void settle(
      Connection c, long id, boolean delivered, Optional<Instant> next, String error, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE alert_delivery SET delivered_at = ?, next_attempt_at = ?, last_error = ?"
                + " WHERE id = ?")) {
      if (delivered) {
        ps.setLong(1, now.toEpochMilli());
      } else {
        ps.setNull(1, Types.BIGINT);
      }
      if (!delivered && next.isPresent()) {
        ps.setLong(2, next.get().toEpochMilli());
      } else {
        ps.setNull(2, Types.BIGINT);
      }
      ps.setString(3, error);
      ps.setLong(4, id);
      ps.executeUpdate();
    }
  }

  /** Claims the digest of {@code day}; whether it was not sent yet. */
  static boolean claimDigest(Connection c, String day, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO alert_digest (day, sent_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, day);
      ps.setLong(2, now.toEpochMilli());
      return ps.executeUpdate() == 1;
    }
  }
}
