package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The dashboard's login sessions, in the same database as the reports (table {@code
 * dashboard_session} of {@code V6__dashboard_sessions.sql}), so that a restart of serve, or another
 * serve on the same PostgreSQL, knows them. Rows are keyed by the hash of the cookie's value, never
 * the value. Thread-safe; each call is one transaction.
 */
public final class SessionStore {

  /**
   * One stored session.
   *
   * @param idHash the SHA-256 (hex) of the cookie's value
   * @param csrf its synchronizer token
   * @param created the login
   * @param lastSeen the last request recorded
   * @param expiresAt when it ends unless used before
   */
  public record Row(
      String idHash, String csrf, Instant created, Instant lastSeen, Instant expiresAt) {}

  private final ReportStore store;

  public SessionStore(ReportStore store) {
    this.store = store;
  }

  /**
   * Stores a new session after dropping the expired ones and, when {@code max} live sessions exist
   * already, the oldest logins until there is room.
   */
  public void create(Row row, int max) {
    store.write(
        c -> {
          deleteExpired(c, row.created());
          long live;
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM dashboard_session");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            live = rs.getLong(1);
          }
          if (live >= max) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM dashboard_session WHERE id_hash IN (SELECT id_hash FROM"
                        + " dashboard_session ORDER BY created, id_hash LIMIT ?)")) {
              ps.setLong(1, live - max + 1);
              ps.executeUpdate();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO dashboard_session (id_hash, csrf, created, last_seen, expires_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, row.idHash());
            ps.setString(2, row.csrf());
            ps.setLong(3, row.created().toEpochMilli());
            ps.setLong(4, row.lastSeen().toEpochMilli());
            ps.setLong(5, row.expiresAt().toEpochMilli());
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** The session stored under {@code idHash}, expired or not. */
  public Optional<Row> find(String idHash) {
    return store.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT csrf, created, last_seen, expires_at FROM dashboard_session"
                      + " WHERE id_hash = ?")) {
            ps.setString(1, idHash);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Row(
                      idHash,
                      rs.getString(1),
                      Instant.ofEpochMilli(rs.getLong(2)),
                      Instant.ofEpochMilli(rs.getLong(3)),
                      Instant.ofEpochMilli(rs.getLong(4))));
            }
          }
        });
  }

  /** Records a request of the session: its new last request and expiry. */
  public void touch(String idHash, Instant lastSeen, Instant expiresAt) {
    store.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE dashboard_session SET last_seen = ?, expires_at = ? WHERE id_hash = ?")) {
            ps.setLong(1, lastSeen.toEpochMilli());
            ps.setLong(2, expiresAt.toEpochMilli());
            ps.setString(3, idHash);
            return ps.executeUpdate();
          }
        });
  }

  /** Deletes the session (logout, or found expired). */
  public void delete(String idHash) {
    store.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM dashboard_session WHERE id_hash = ?")) {
            ps.setString(1, idHash);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * Deletes every session expired at {@code now}.
   *
   * @return how many
   */
  public int deleteExpired(Instant now) {
    return store.write(c -> deleteExpired(c, now));
  }

  private static int deleteExpired(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM dashboard_session WHERE expires_at <= ?")) {
      ps.setLong(1, now.toEpochMilli());
      return ps.executeUpdate();
    }
  }
}
