package dev.mtasts.app.web;

import dev.mtasts.app.store.ReportListing;
import java.util.List;

/**
 * The report list with its filters.
 *
 * @param frame the layout
 * @param domain the domain filter as entered
 * @param organization the organisation filter as entered
 * @param resultType the result type filter
 * @param from the first day, as entered
 * @param to the last day, as entered
 * @param resultTypes the result types to choose from (RFC 8460 §4.3)
 * @param domains the domains to choose from
 * @param total reports matching the filters
 * @param shown "1–50 of 120"
 * @param reports this page's reports
 * @param previous the previous page's link, or empty
 * @param next the next page's link, or empty
 * @param exports the list as CSV and JSON
 */
public record ReportsView(
    Frame frame,
    String domain,
    String organization,
    String resultType,
    String from,
    String to,
    List<String> resultTypes,
    List<String> domains,
    long total,
    String shown,
    List<ReportListing> reports,
    String previous,
    String next,
    Exports exports) {}
