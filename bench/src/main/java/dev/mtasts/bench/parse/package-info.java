/**
 * JMH benchmarks of the small parsers: the MTA-STS policy file and TXT record (RFC 8461 §3.1,
 * §3.2), the TLS-RPT record (RFC 8460 §3), and MX pattern matching (RFC 8461 §4.1).
 */
package dev.mtasts.bench.parse;
