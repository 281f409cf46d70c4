package dev.mtasts.app.web;

import dev.mtasts.app.store.ReportDetail;

/**
 * One stored report.
 *
 * @param frame the layout
 * @param detail everything stored about it
 * @param dkim the DKIM verdict in words, or "not mail" when it did not come by mail
 * @param raw the report's JSON, pretty-printed; or why it is not there
 * @param rawKept whether {@code raw} is the report (else the reason)
 * @param rawNote how the JSON relates to what arrived
 * @param exports the raw report as JSON and the detail as JSON and CSV
 * @param rawHref the raw report's download
 * @param domainHref the domain's page
 */
public record ReportView(
    Frame frame,
    ReportDetail detail,
    String dkim,
    String raw,
    boolean rawKept,
    String rawNote,
    Exports exports,
    String rawHref,
    String domainHref) {}
