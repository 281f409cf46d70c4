package dev.mtasts.app.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored report with everything kept about it.
 *
 * @param listing what the report list shows
 * @param contact the report's contact-info
 * @param sourceDetail the peer address, file name or message it came from, when known
 * @param rawSize the size in bytes it arrived with
 * @param rawKept whether the raw report is still kept (retention drops it, the rows stay)
 * @param warnings the reader's warning codes (deviations from RFC 8460 it tolerated)
 * @param dkim the DKIM verdict of the carrying mail, when it came by mail
 * @param policies the report's policies for this domain
 */
public record ReportDetail(
    ReportListing listing,
    Optional<String> contact,
    Optional<String> sourceDetail,
    long rawSize,
    boolean rawKept,
    List<String> warnings,
    Optional<DkimVerdict> dkim,
    List<StoredPolicy> policies) {

  public ReportDetail {
    Objects.requireNonNull(listing, "listing");
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(sourceDetail, "sourceDetail");
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(dkim, "dkim");
    policies = List.copyOf(policies);
  }
}
