/**
 * DNS for MTA-STS, TLS-RPT and DANE: the {@code _mta-sts} and {@code _smtp._tls} TXT records (RFC
 * 8461 §3.1, RFC 8460 §3), MX hosts (RFC 5321 §5.1, null MX per RFC 7505), addresses, and TLSA
 * records (RFC 6698, RFC 7672). {@link dev.mtasts.core.dns.DnsResolver} is the whole interface;
 * every outcome, including NXDOMAIN, SERVFAIL and timeouts, comes back as a {@link
 * dev.mtasts.core.dns.DnsAnswer} so callers can tell "no record" (permanent) from "could not ask"
 * (temporary), which RFC 8461 §5 requires.
 *
 * <p>{@link dev.mtasts.core.dns.DnsjavaResolver} asks real servers (UDP, TCP on truncation) and
 * follows CNAMEs itself; DNSSEC comes from a trusted resolver's AD bit or from local validation
 * against trust anchors. It keeps no answer cache. {@link dev.mtasts.core.dns.InMemoryResolver}
 * answers from records given in code, with the same semantics, for tests.
 */
package dev.mtasts.core.dns;
