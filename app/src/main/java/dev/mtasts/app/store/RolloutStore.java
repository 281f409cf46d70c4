package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hosted policies' history, their retirements (RFC 8461 §8.3) and the monitoring checks, in the
 * same database as the reports (tables of {@code V4__policy_rollout.sql}). Thread-safe; writes are
 * single statements or one transaction each.
 */
public final class RolloutStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ReportStore store;

  public RolloutStore(ReportStore store) {
    this.store = store;
  }

  /**
   * Records that {@code version} is what is served now: when the domain's current version has
   * another id, that one is retired at {@code version.firstServed()} and this one added.
   *
   * @return true when this is a new version, false when it was served already
   */
  public boolean served(PolicyVersion version) {
    return write(
        c -> {
          Optional<PolicyVersion> current = current(c, version.domain());
          if (current.isPresent() && current.get().id().equals(version.id())) {
            return false;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hosted_policy_version SET retired = ? WHERE domain = ? AND retired IS"
                      + " NULL")) {
            ps.setLong(1, version.firstServed().toEpochMilli());
            ps.setString(2, version.domain());
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO hosted_policy_version (domain, policy_id, mode, max_age,"
                      + " policy_text, first_served) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, version.domain());
            ps.setString(2, version.id());
            ps.setString(3, version.mode());
            ps.setLong(4, version.maxAge());
            ps.setString(5, version.text());
            ps.setLong(6, version.firstServed().toEpochMilli());
            ps.executeUpdate();
          }
          return true;
        });
  }

  /** Records that the current version's id {@code id} was written to DNS at {@code when}. */
  public void published(String domain, String id, Instant when) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE hosted_policy_version SET published = ? WHERE domain = ? AND policy_id"
                      + " = ? AND retired IS NULL")) {
            ps.setLong(1, when.toEpochMilli());
            ps.setString(2, domain);
            ps.setString(3, id);
            return ps.executeUpdate();
          }
        });
  }

  /** Every version of the domain's policy, oldest first. */
  public List<PolicyVersion> history(String domain) {
    return read(c -> versions(c, domain, false));
  }

  /** The version served now, if any. */
  public Optional<PolicyVersion> current(String domain) {
    return read(c -> current(c, domain));
  }

  /** Starts a retirement; one that exists for the domain is replaced (a retire run again). */
  public void retire(Retirement retirement) {
    write(
        c -> {
          try (PreparedStatement del =
                  c.prepareStatement("DELETE FROM policy_retirement WHERE domain = ?");
              PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO policy_retirement (domain, none_id, started, remove_at,"
                          + " removed, keep_config) VALUES (?, ?, ?, ?, ?, ?)")) {
            del.setString(1, retirement.domain());
            del.executeUpdate();
            ps.setString(1, retirement.domain());
            ps.setString(2, retirement.noneId());
            ps.setLong(3, retirement.started().toEpochMilli());
            ps.setLong(4, retirement.removeAt().toEpochMilli());
            setInstant(ps, 5, retirement.removed());
            ps.setBoolean(6, retirement.keepConfig());
            return ps.executeUpdate();
          }
        });
  }

  /** Forgets the domain's retirement: it was called off, or the domain came back. */
  public void cancelRetirement(String domain) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM policy_retirement WHERE domain = ?")) {
            ps.setString(1, domain);
            return ps.executeUpdate();
          }
        });
  }

  /** The domain's retirement, if one was started. */
  public Optional<Retirement> retirement(String domain) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT domain, none_id, started, remove_at, removed, keep_config FROM"
                      + " policy_retirement"
                      + " WHERE domain = ?")) {
            ps.setString(1, domain);
            List<Retirement> found = retirements(ps);
            return found.stream().findFirst();
          }
        });
  }

  /** Every retirement not yet completed, by domain. */
  public List<Retirement> openRetirements() {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT domain, none_id, started, remove_at, removed, keep_config FROM"
                      + " policy_retirement"
                      + " WHERE removed IS NULL ORDER BY domain")) {
            return retirements(ps);
          }
        });
  }

  /** Records that the domain's records and policy were removed at {@code when}. */
  public void removed(String domain, Instant when) {
    write(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE policy_retirement SET removed = ? WHERE domain = ? AND removed IS"
                          + " NULL");
              PreparedStatement retire =
                  c.prepareStatement(
                      "UPDATE hosted_policy_version SET retired = ? WHERE domain = ? AND retired"
                          + " IS NULL")) {
            ps.setLong(1, when.toEpochMilli());
            ps.setString(2, domain);
            ps.executeUpdate();
            retire.setLong(1, when.toEpochMilli());
            retire.setString(2, domain);
            return retire.executeUpdate();
          }
        });
  }

  /** Keeps one monitoring check. */
  public void checked(MonitorCheck check) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO monitor_check (domain, checked_at, status, alerts, report_json)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, check.domain());
            ps.setLong(2, check.checkedAt().toEpochMilli());
            ps.setString(3, check.status());
            ps.setString(4, JSON.writeValueAsString(check.alerts()));
            ps.setString(5, check.reportJson());
            return ps.executeUpdate();
          }
        });
  }

  /** The domain's checks, newest first, at most {@code limit}. */
  public List<MonitorCheck> checks(String domain, int limit) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT domain, checked_at, status, alerts, report_json FROM monitor_check"
                      + " WHERE domain = ? ORDER BY checked_at DESC, id DESC LIMIT ?")) {
            ps.setString(1, domain);
            ps.setInt(2, limit);
            List<MonitorCheck> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new MonitorCheck(
                        rs.getString(1),
                        Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getString(3),
                        JSON.readValue(rs.getString(4), new TypeReference<List<String>>() {}),
                        rs.getString(5)));
              }
            }
            return out;
          }
        });
  }

  private static Optional<PolicyVersion> current(Connection c, String domain) throws SQLException {
    return versions(c, domain, true).stream().findFirst();
  }

  private static List<PolicyVersion> versions(Connection c, String domain, boolean currentOnly)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT domain, policy_id, mode, max_age, policy_text, first_served, retired,"
                + " published FROM hosted_policy_version WHERE domain = ?"
                + (currentOnly ? " AND retired IS NULL" : "")
                + " ORDER BY first_served, id")) {
      ps.setString(1, domain);
      List<PolicyVersion> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new PolicyVersion(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getLong(4),
                  rs.getString(5),
                  Instant.ofEpochMilli(rs.getLong(6)),
                  instant(rs, 7),
                  instant(rs, 8)));
        }
      }
      return out;
    }
  }

  private static List<Retirement> retirements(PreparedStatement ps) throws SQLException {
    List<Retirement> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Retirement(
                rs.getString(1),
                rs.getString(2),
                Instant.ofEpochMilli(rs.getLong(3)),
                Instant.ofEpochMilli(rs.getLong(4)),
                instant(rs, 5),
                rs.getBoolean(6)));
      }
    }
    return out;
  }

  private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  private static void setInstant(PreparedStatement ps, int index, Optional<Instant> value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setLong(index, value.get().toEpochMilli());
    } else {
      ps.setNull(index, Types.BIGINT);
    }
  }

  private <T> T read(ReportStore.Query<T> work) {
    return store.read(work);
  }

  private <T> T write(ReportStore.Query<T> work) {
    return store.write(work);
  }
}
