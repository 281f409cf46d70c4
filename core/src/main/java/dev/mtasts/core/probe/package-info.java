/**
 * What an MX host shows a sending MTA: the SMTP greeting, the EHLO extensions, STARTTLS (RFC 3207)
 * and the TLS session behind it, and how DANE TLSA records (RFC 6698, RFC 7671, RFC 7672) match the
 * presented chain. RFC 8461 §4.2 requires MX hosts to offer STARTTLS with a certificate that is
 * trusted, names the MX host, and is not expired; §7.2 asks for TLS 1.2 or newer.
 *
 * <p>{@link SmtpProbe} reports facts, never verdicts; every read is bounded in size and time, and a
 * server that closes early, sends garbage or stays silent yields a clear {@link ProbeError}. When
 * the TLS 1.2+ handshake fails, a second connection offering only TLS 1.0/1.1 tells "speaks only
 * old TLS" apart from other failures.
 */
package dev.mtasts.core.probe;
