package dev.mtasts.app.sending.aggregate;

import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.Summary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one UTC day's stored counts back as the {@code policies} of RFC 8460 §4.4 reports. */
public final class DayCounts {

  private final SendingDatabase database;

  public DayCounts(SendingDatabase database) {
    this.database = database;
  }

  /** The policy domains with counts on {@code day}, in name order. */
  public List<String> policyDomains(LocalDate day) throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT DISTINCT policy_domain FROM policy_counts WHERE day = ?"
                    + " ORDER BY policy_domain")) {
      s.setString(1, day.toString());
      List<String> domains = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          domains.add(r.getString(1));
        }
      }
      return domains;
    }
  }

  /**
   * The day's results for {@code policyDomain}, one per policy (in canonical-text order), each
   * failure detail with the sessions it failed, the largest first.
   */
  public List<PolicyResult> results(LocalDate day, String policyDomain) throws SQLException {
    Map<String, long[]> summaries = new LinkedHashMap<>();
    Map<String, List<FailureDetails>> failures = new LinkedHashMap<>();
    try (Connection c = database.connection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT policy, successful, failed FROM policy_counts"
                  + " WHERE day = ? AND policy_domain = ? ORDER BY policy")) {
        s.setString(1, day.toString());
        s.setString(2, policyDomain);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            summaries.put(r.getString(1), new long[] {r.getLong(2), r.getLong(3)});
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT policy, detail, sessions FROM failure_counts"
                  + " WHERE day = ? AND policy_domain = ? ORDER BY sessions DESC, detail")) {
        s.setString(1, day.toString());
        s.setString(2, policyDomain);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            failures
                .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                .add(CanonicalPolicy.parseFailure(r.getString(2), r.getLong(3)));
          }
        }
      }
    }
    List<PolicyResult> results = new ArrayList<>();
    summaries.forEach(
        (policy, counts) ->
            results.add(
                new PolicyResult(
                    CanonicalPolicy.parse(policy, policyDomain),
                    new Summary(counts[0], counts[1]),
                    failures.getOrDefault(policy, List.of()))));
    return results;
  }
}
