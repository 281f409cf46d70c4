package dev.mtasts.core.dns;

/** How a DNS question ended. */
public enum DnsStatus {
  /** The server answered with records (possibly none, see {@link DnsAnswer#absent()}). */
  OK,
  /** The name does not exist (RCODE 3). */
  NXDOMAIN,
  /** The name exists but has no records of the asked type. */
  NODATA,
  /** The server failed (SERVFAIL, REFUSED, or another error RCODE). */
  SERVFAIL,
  /** No answer within the timeout, over UDP and TCP. */
  TIMEOUT,
  /** DNSSEC validation failed: the answer must not be used (RFC 4035 §5.5). */
  BOGUS,
  /** A local or network error (unreachable server, malformed answer). */
  ERROR
}
