package dev.mtasts.core.dns;

import java.net.InetAddress;

/**
 * The DNS questions MTA-STS, TLS-RPT and DANE need, and nothing else. Implementations never throw
 * for DNS outcomes (NXDOMAIN, SERVFAIL, timeout): those come back as a {@link DnsAnswer} status so
 * callers can tell "no record" (permanent) from "could not ask" (temporary), as RFC 8461 §3.1 and
 * §5 require. Names are absolute or relative to the root; a trailing dot is optional.
 */
public interface DnsResolver {

  /**
   * TXT records at {@code name}, following CNAMEs (RFC 8461 §3.1). Each element is one record with
   * its character-strings concatenated without separators (RFC 7208 §3.3 convention, RFC 8461
   * §3.1).
   */
  DnsAnswer<String> txt(String name);

  /**
   * MX records of {@code domain}, as published (a null MX, RFC 7505, is one record with host ".").
   */
  DnsAnswer<MxRecord> mx(String domain);

  /** A and AAAA addresses of {@code host}, IPv4 first, following CNAMEs. */
  DnsAnswer<InetAddress> addresses(String host);

  /** TLSA records at {@code name}, e.g. {@code _25._tcp.mx.example.org} (RFC 6698, RFC 7672). */
  DnsAnswer<TlsaRecord> tlsa(String name);

  /**
   * DS records at {@code name}, each in presentation form (RFC 4034 §5.3). The parent zone answers
   * this question (RFC 4035 §3.1.4.1), not the zone at {@code name}: records mean the zone is
   * signed and its delegation secured, none (NODATA) that it is not, for a zone apex. A resolver
   * that does not ask DS questions answers {@link DnsStatus#ERROR}.
   */
  default DnsAnswer<String> ds(String name) {
    return DnsAnswer.failure(DnsStatus.ERROR, "this resolver does not ask DS questions");
  }

  /**
   * DNSKEY records at {@code name} ({@code "."} for the root zone), each in presentation form (RFC
   * 4034 §2.2). Every working resolver answers the root's, and a validating one needs them first
   * (RFC 4035 §5): a failure there is the resolver's, not a domain's. A resolver that does not ask
   * DNSKEY questions answers {@link DnsStatus#ERROR}.
   */
  default DnsAnswer<String> dnskey(String name) {
    return DnsAnswer.failure(DnsStatus.ERROR, "this resolver does not ask DNSKEY questions");
  }
}
