package dev.mtasts.app.web;

import dev.mtasts.app.store.FailureGroup;
import dev.mtasts.app.store.OrganizationSessions;
import dev.mtasts.app.store.PolicySeen;
import java.util.List;

/**
 * The domain page for one period.
 *
 * @param frame the layout
 * @param domain the A-label name
 * @param unicode the U-label name when it differs, else empty
 * @param period the period in words ("all time", "2026-06-01 to 2026-06-30")
 * @param from the period's first day for the form, or empty
 * @param to the period's last day for the form, or empty
 * @param choices quick periods (last 7, 30, 90 days, all time)
 * @param reports reports in the period
 * @param successful successful sessions in the period
 * @param failed failed sessions in the period
 * @param rate the success rate
 * @param tone its CSS class
 * @param chart the success rate per day
 * @param days the chart's numbers as a table
 * @param byResultType failed sessions per result type
 * @param byOrganization sessions per sending organisation
 * @param byMxHost failed sessions per MX host
 * @param bySendingIp failed sessions per sending IP
 * @param policies the policies senders applied
 * @param exports each table's export links, by table
 * @param reportsHref the report list filtered to this domain and period
 * @param readiness the enforce-readiness verdict (over its own window, not the period)
 */
public record DomainView(
    Frame frame,
    String domain,
    String unicode,
    String period,
    String from,
    String to,
    List<Choice> choices,
    long reports,
    long successful,
    long failed,
    String rate,
    String tone,
    Chart chart,
    List<Day> days,
    List<FailureGroup> byResultType,
    List<OrganizationSessions> byOrganization,
    List<FailureGroup> byMxHost,
    List<FailureGroup> bySendingIp,
    List<Policy> policies,
    Tables exports,
    String reportsHref,
    ReadinessView readiness) {

  /** A quick period link; {@code current} marks the shown one. */
  public record Choice(String label, String href, boolean current) {}

  /** One day of the chart as a table row. */
  public record Day(String day, long successful, long failed, String rate) {}

  /** A policy seen, with its text ready to show. */
  public record Policy(
      PolicySeen seen, String mode, String mx, String maxAge, String days, String text) {}

  /** The export links of the domain page's tables. */
  public record Tables(
      Exports summary,
      Exports series,
      Exports byResultType,
      Exports byOrganization,
      Exports byMxHost,
      Exports bySendingIp,
      Exports policies) {}
}
