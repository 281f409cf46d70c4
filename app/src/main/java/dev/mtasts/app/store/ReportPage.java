package dev.mtasts.app.store;

import java.util.List;
import java.util.Objects;

/**
 * A page of the report list, newest first (date-range start, then the latest stored).
 *
 * @param total how many reports match the filter in all
 */
public record ReportPage(long total, Paging paging, List<ReportListing> reports) {

  public ReportPage {
    Objects.requireNonNull(paging, "paging");
    reports = List.copyOf(reports);
  }
}
