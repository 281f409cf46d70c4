package dev.mtasts.app.dnsupdate;

import dev.mtasts.core.tlsrpt.TlsRptRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * How a hosted domain's DNS records are published: which {@code _smtp._tls} record goes with the
 * policy ({@code tlsrpt_rua}), and whether serve writes the records itself by dynamic update
 * ({@code dns_update}) or prints them to paste.
 *
 * @param tlsRpt the TLS-RPT record (RFC 8460 §3); empty: none is published
 * @param dnsUpdate where the records are updated; empty: printed, to paste into the zone
 */
public record RecordPublishing(
    Optional<TlsRptRecord> tlsRpt, Optional<DnsUpdateSettings> dnsUpdate) {

  /** No TLS-RPT record, no dynamic update. */
  public static final RecordPublishing NONE =
      new RecordPublishing(Optional.empty(), Optional.empty());

  public RecordPublishing {
    Objects.requireNonNull(tlsRpt, "tlsRpt");
    Objects.requireNonNull(dnsUpdate, "dnsUpdate");
  }
}
