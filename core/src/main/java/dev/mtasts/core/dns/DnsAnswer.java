package dev.mtasts.core.dns;

import java.util.List;
import java.util.Objects;

/**
 * The answer to one DNS question.
 *
 * @param status how the question ended
 * @param records the records found; empty unless {@code status} is {@link DnsStatus#OK}
 * @param dnssec what DNSSEC says about the answer (authenticated data, or a validator's verdict)
 * @param detail a human-readable detail for failures (server, rcode, exception), never null
 */
public record DnsAnswer<T>(DnsStatus status, List<T> records, DnssecStatus dnssec, String detail) {

  public DnsAnswer {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(dnssec, "dnssec");
    records = List.copyOf(records);
    detail = detail == null ? "" : detail;
  }

  public static <T> DnsAnswer<T> ok(List<T> records, DnssecStatus dnssec) {
    return new DnsAnswer<>(DnsStatus.OK, records, dnssec, "");
  }

  public static <T> DnsAnswer<T> failure(DnsStatus status, String detail) {
    return new DnsAnswer<>(status, List.of(), DnssecStatus.INDETERMINATE, detail);
  }

  /** True when the name exists and has records of the type asked for. */
  public boolean found() {
    return status == DnsStatus.OK && !records.isEmpty();
  }

  /** True when the name or the type does not exist: a definite "no", not a failure. */
  public boolean absent() {
    return status == DnsStatus.NXDOMAIN
        || status == DnsStatus.NODATA
        || (status == DnsStatus.OK && records.isEmpty());
  }

  /** True when the question could not be answered (SERVFAIL, timeout, network, bogus DNSSEC). */
  public boolean failed() {
    return !found() && !absent();
  }
}
