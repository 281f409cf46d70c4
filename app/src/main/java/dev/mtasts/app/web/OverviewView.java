package dev.mtasts.app.web;

import java.util.List;

/**
 * The overview: every domain at a glance.
 *
 * @param frame the layout
 * @param noConfig whether serve accepts reports for every domain ({@code reports.domains} unset)
 * @param today the UTC day the windows end on
 * @param domains one row per domain
 * @param exports the overview's table as CSV and JSON
 */
public record OverviewView(
    Frame frame, boolean noConfig, String today, List<Row> domains, Exports exports) {

  /**
   * One domain.
   *
   * @param domain the A-label name
   * @param href its page
   * @param rate7 the success rate of the last 7 days
   * @param tone7 its CSS class
   * @param sessions7 "N successful, M failed" of the last 7 days
   * @param rate30 the success rate of the last 30 days
   * @param tone30 its CSS class
   * @param sessions30 "N successful, M failed" of the last 30 days
   * @param trend the last 30 days' rate per day
   * @param reports reports stored, all time
   * @param lastDay the last day with a report, or "none"
   * @param modes the policy modes senders applied on that day, or "–"
   * @param readiness the enforce-readiness verdict
   */
  public record Row(
      String domain,
      String href,
      String rate7,
      String tone7,
      String sessions7,
      String rate30,
      String tone30,
      String sessions30,
      Chart trend,
      long reports,
      String lastDay,
      String modes,
      ReadinessView readiness) {}
}
