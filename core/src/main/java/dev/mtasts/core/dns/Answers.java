package dev.mtasts.core.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Rules shared by the resolvers, so the real one and the in-memory one agree. */
final class Answers {

  private Answers() {}

  /**
   * The DNSSEC status of an answer built from several (a CNAME chain, A plus AAAA): as strong as
   * its weakest part (RFC 4035 §4.3); BOGUS wins, then not knowing, then provably unsigned.
   */
  static DnssecStatus weakest(DnssecStatus a, DnssecStatus b) {
    return rank(a) <= rank(b) ? a : b;
  }

  private static int rank(DnssecStatus status) {
    return switch (status) {
      case BOGUS -> 0;
      case INDETERMINATE -> 1;
      case INSECURE -> 2;
      case SECURE -> 3;
    };
  }

  /**
   * A and AAAA answers of one host as one answer, IPv4 first. Addresses found win over a failure of
   * the other family (which is noted in the detail); with none found, a failure wins over absence.
   */
  static DnsAnswer<InetAddress> addresses(DnsAnswer<InetAddress> v4, DnsAnswer<InetAddress> v6) {
    List<InetAddress> all = new ArrayList<>(v4.records());
    all.addAll(v6.records());
    DnssecStatus dnssec = weakest(v4.dnssec(), v6.dnssec());
    if (!all.isEmpty()) {
      String detail = v4.failed() ? v4.detail() : v6.failed() ? v6.detail() : "";
      return new DnsAnswer<>(DnsStatus.OK, all, dnssec, detail);
    }
    if (v4.failed()) {
      return v4;
    }
    if (v6.failed()) {
      return v6;
    }
    if (v4.status() == DnsStatus.NXDOMAIN) {
      return v4;
    }
    return new DnsAnswer<>(DnsStatus.NODATA, List.of(), dnssec, v4.detail() + "; " + v6.detail());
  }
}
