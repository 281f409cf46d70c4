package dev.mtasts.app.sending.delivery;

import dev.mtasts.app.sending.SendingDatabase;
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
 * The deliveries, the delivery log and the suppression list in the sending database. Every attempt
 * and every skip is a line of {@code delivery_log}.
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

  /** Pending deliveries whose time has come. */
  public List<Row> due(Instant now) throws SQLException {
    return rows(
        "SELECT * FROM deliveries WHERE state = 'pending' AND next_attempt <= ?"
            + " ORDER BY next_attempt",
        seconds(now));
  }

  /** Stores where a delivery stands after an attempt (or a skip) and logs it. */
  public void update(
      Row row,
      DeliveryState state,
      int attempts,
      Optional<Instant> firstAttempt,
      Instant nextAttempt,
      String outcome,
      String detail,
      Instant now)
      throws SQLException {
    update(
        "UPDATE deliveries SET state = ?, attempts = ?, first_attempt = ?, next_attempt = ?,"
            + " last_result = ? WHERE day = ? AND policy_domain = ? AND rua = ?",
        state.value(),
        attempts,
        firstAttempt.map(Deliveries::seconds).orElse(null),
        seconds(nextAttempt),
        outcome + ": " + detail,
        row.day().toString(),
        row.policyDomain(),
        row.rua());
    log(row.day(), row.policyDomain(), row.rua(), row.reportId(), outcome, detail, now);
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
    update(
        "INSERT INTO delivery_log (at, day, policy_domain, rua, report_id, outcome, detail)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        seconds(now),
        day.toString(),
        policyDomain,
        rua,
        reportId,
        outcome,
        detail);
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

  /** Whether the daemon has planned {@code day}; marks it planned when not. */
  public boolean markPlanned(LocalDate day, Instant now) throws SQLException {
    return update(
            "INSERT INTO planned_days (day, planned_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            day.toString(),
            seconds(now))
        == 0;
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

  private List<Row> rows(String sql, String parameter) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
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
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      return s.executeUpdate();
    }
  }
}
