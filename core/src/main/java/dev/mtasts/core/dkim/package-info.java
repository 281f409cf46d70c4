/**
 * DKIM verification (RFC 6376, RFC 8301, RFC 8463) of report mail: RFC 8460 §3 requires that TLS
 * reports sent by email carry a valid DKIM signature by the reporting domain. {@link
 * dev.mtasts.core.dkim.DkimVerifier} checks every DKIM-Signature of a raw message and returns a
 * verdict per signature and one overall; bad input is a verdict with a stable {@link
 * dev.mtasts.core.dkim.DkimReason} code, never an exception. Keys are looked up through {@link
 * dev.mtasts.core.dns.DnsResolver}.
 */
package dev.mtasts.core.dkim;
