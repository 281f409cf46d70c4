package dev.mtasts.app.sending.delivery;

import dev.mtasts.app.sending.SendingDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deliveries, the delivery log and the suppression list in the sending database. Every attempt
 * and every skip is a line of {@code delivery_log}.
 *
 * <p>Several senders may share the database (PostgreSQL): a delivery is planned once (its key is
 * unique, a second plan of it changes nothing), and a sender attempts one only after claiming it
 * with one conditional {@code UPDATE} that succeeds for exactly one of them: it sets the lease
 * holder (the sender's token) and the lease's end, and only where no unexpired lease exists. The
 * attempt's result is stored, and the lease cleared, only by the holder; a sender that crashed
 * leaves a lease that ends by itself, and the delivery is attempted again after it.
 */
public final class Deliveries {

  /** One delivery: a report of one day for one policy domain to one rua. */
  public record Row(
      LocalDate day,
      String policyDomain,
      String rua,
      String reportId,
      DeliveryState state,
      int attempts,
      Optional<Instant> firstAttempt,
      Instant nextAttempt,
      Optional<String> lastResult) {}

  private final SendingDatabase database;

  public Deliveries(SendingDatabase database) {
    this.database = database;
  }

  /** Adds a pending delivery unless one exists for (day, domain, rua). */
  public void plan(LocalDate day, String policyDomain, String rua, String reportId, Instant at)
      throws SQLException {
    update(
        "INSERT INTO deliveries (day, policy_domain, rua, report_id, state, next_attempt)"
            + " VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
        day.toString(),
        policyDomain,
        rua,
        reportId,
        seconds(at));
  }

  /** The deliveries of {@code day}, by domain and rua. */
  public List<Row> ofDay(LocalDate day) throws SQLException {
    return rows(
        "SELECT * FROM deliveries WHERE day = ? ORDER BY policy_domain, rua", day.toString());
  }

  /** The delivery of {@code day} to {@code rua} for {@code policyDomain}, if planned. */
  public Optional<Row> row(LocalDate day, String policyDomain, String rua) throws SQLException {
    return rows(
            "SELECT * FROM deliveries WHERE day = ? AND policy_domain = ? AND rua = ?",
            day.toString(),
            policyDomain,
            rua)
        .stream()
        .findFirst();
  }

  /** Pending deliveries whose time has come and that no sender holds. */
  public List<Row> due(Instant now) throws SQLException {
    return rows(
        "SELECT * FROM deliveries WHERE state = 'pending' AND next_attempt <= ?"
            + " AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt",
        seconds(now),
        seconds(now));
  }

  /**
   * Claims {@code row} for {@code holder} until {@code until} when it is still due (pending, its
   * time come) and no other sender holds it.
   *
   * @return whether this call claimed it
   */
  public boolean claimDue(Row row, String holder, Instant now, Instant until) throws SQLException {
    return claim(row, "state = 'pending' AND next_attempt <= ?", holder, now, until, seconds(now));
  }

  /**
   * Claims {@code row} for {@code holder} until {@code until} when it is not delivered (whatever
   * its time; {@code report send}) and no other sender holds it.
   *
   * @return whether this call claimed it
   */
  public boolean claimUndelivered(Row row, String holder, Instant now, Instant until)
      throws SQLException {
    return claim(row, "state <> 'delivered'", holder, now, until);
  }

  private boolean claim(
      Row row, String condition, String holder, Instant now, Instant until, Object... more)
      throws SQLException {
    Object[] parameters = new Object[6 + more.length];
    parameters[0] = holder;
    parameters[1] = seconds(until);
    parameters[2] = row.day().toString();
    parameters[3] = row.policyDomain();
    parameters[4] = row.rua();
    parameters[5] = seconds(now);
    System.arraycopy(more, 0, parameters, 6, more.length);
    return update(
            "UPDATE deliveries SET lease_holder = ?, lease_until = ?"
                + " WHERE day = ? AND policy_domain = ? AND rua = ?"
                + " AND (lease_until IS NULL OR lease_until <= ?) AND "
                + condition,
            parameters)
        == 1;
  }

  /**
   * Stores where a delivery {@code holder} claimed stands after an attempt (or a skip), clears the
   * lease and logs it, in one transaction.
   *
   * @return false, storing and logging nothing, when {@code holder} no longer holds the delivery
   *     (its lease ended and another sender claimed it, or this result was stored already)
   */
  public boolean record(
      Row row,
      String holder,
      DeliveryState state,
      int attempts,
      Optional<Instant> firstAttempt,
      Instant nextAttempt,
      String outcome,
      String detail,
      Instant now)
      throws SQLException {
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try {
        int updated =
            update(
                c,
                "UPDATE deliveries SET state = ?, attempts = ?, first_attempt = ?,"
                    + " next_attempt = ?, last_result = ?, lease_holder = NULL, lease_until = NULL"
                    + " WHERE day = ? AND policy_domain = ? AND rua = ? AND lease_holder = ?",
                state.value(),
                attempts,
                firstAttempt.map(Deliveries::seconds).orElse(null),
                seconds(nextAttempt),
                outcome + ": " + detail,
                row.day().toString(),
                row.policyDomain(),
                row.rua(),
                holder);
        if (updated == 1) {
          update(
              c,
              LOG,
              logLine(
                  row.day(), row.policyDomain(), row.rua(), row.reportId(), outcome, detail, now));
        }
        c.commit();
        return updated == 1;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException lost) { // the connection itself is gone
          e.addSuppressed(lost);
        }
        throw e;
      }
    }
  }

  /** Adds a line to the delivery log. */
  public void log(
      LocalDate day,
      String policyDomain,
      String rua,
      String reportId,
      String outcome,
      String detail,
      Instant now)
      throws SQLException {
    update(LOG, logLine(day, policyDomain, rua, reportId, outcome, detail, now));
  }

  private static final String LOG =
      "INSERT INTO delivery_log (at, day, policy_domain, rua, report_id, outcome, detail)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  private static Object[] logLine(
      LocalDate day,
      String policyDomain,
      String rua,
      String reportId,
      String outcome,
      String detail,
      Instant now) {
    return new Object[] {
      seconds(now), day.toString(), policyDomain, rua, reportId, outcome, detail
    };
  }

  /** The delivery log, oldest first, as {@code "DAY DOMAIN RUA OUTCOME: DETAIL"} lines. */
  public List<String> logLines() throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT day, policy_domain, rua, outcome, detail FROM delivery_log ORDER BY id");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        lines.add(
            r.getString(1)
                + " "
                + r.getString(2)
                + " "
                + r.getString(3)
                + " "
                + r.getString(4)
                + ": "
                + r.getString(5));
      }
    }
    return lines;
  }

  /** Whether the daemon has planned {@code day} (its deliveries are all in the table). */
  public boolean planned(LocalDate day) throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM planned_days WHERE day = ?")) {
      s.setString(1, day.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Marks {@code day} planned, after its deliveries were; a second mark changes nothing. */
  public void markPlanned(LocalDate day, Instant now) throws SQLException {
    update(
        "INSERT INTO planned_days (day, planned_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
        day.toString(),
        seconds(now));
  }

  /** Why {@code rua} is on the stored suppression list, if it is. */
  public Optional<String> suppression(String rua) throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement("SELECT reason FROM suppressions WHERE rua = ?")) {
      s.setString(1, rua);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    }
  }

  /** Puts {@code rua} on the stored suppression list. */
  public void suppress(String rua, String reason, Instant now) throws SQLException {
    update(
        "INSERT INTO suppressions (rua, since, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        rua,
        seconds(now),
        reason);
  }

  /** The states of the last {@code n} days' deliveries to {@code rua}, newest first. */
  public List<DeliveryState> lastStates(String rua, int n) throws SQLException {
    List<DeliveryState> states = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT state FROM deliveries WHERE rua = ? ORDER BY day DESC LIMIT ?")) {
      s.setString(1, rua);
      s.setInt(2, n);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          states.add(DeliveryState.of(r.getString(1)));
        }
      }
    }
    return states;
  }

  /** Instants as stored: whole seconds, so that their text sorts as they do. */
  private static String seconds(Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private List<Row> rows(String sql, String... parameters) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(
              new Row(
                  LocalDate.parse(r.getString("day")),
                  r.getString("policy_domain"),
                  r.getString("rua"),
                  r.getString("report_id"),
                  DeliveryState.of(r.getString("state")),
                  r.getInt("attempts"),
                  Optional.ofNullable(r.getString("first_attempt")).map(Instant::parse),
                  Instant.parse(r.getString("next_attempt")),
                  Optional.ofNullable(r.getString("last_result"))));
        }
      }
    }
    return rows;
  }

  private int update(String sql, Object... parameters) throws SQLException {
    try (Connection c = database.connection()) {
      return update(c, sql, parameters);
    }
  }

  private static int update(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        if (parameters[i] == null) {
          s.setNull(i + 1, Types.VARCHAR); // the only nullable parameters are text
        } else {
          s.setObject(i + 1, parameters[i]);
        }
      }
      return s.executeUpdate();
    }
  }
}
