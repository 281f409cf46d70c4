package dev.mtasts.app.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one scheduled check of a hosted domain found.
 *
 * @param domain the policy domain
 * @param checkedAt when the check started
 * @param status the check's status ({@code pass}, {@code warn}, {@code fail}, {@code absent})
 * @param alerts the codes of the alerts it raised
 * @param reportJson the check's whole result as {@code check --json} prints it
 */
public record MonitorCheck(
    String domain, Instant checkedAt, String status, List<String> alerts, String reportJson) {

  public MonitorCheck {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reportJson, "reportJson");
    alerts = List.copyOf(alerts);
  }
}
