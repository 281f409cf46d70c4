/**
 * Certificate facts for MTA-STS: who a server's certificate names, whether its chain leads to a
 * trusted root, whether it is inside its validity period. RFC 8461 §3.3 (policy host) and §4.2 (MX
 * hosts) ask for all three: a DNS-ID match per RFC 6125 (wildcard only as the complete left-most
 * label; never the subject CN), a path to a root the sender trusts with a leaf fit for TLS server
 * authentication, and no expiry on that path (extra certificates the server sends do not count).
 *
 * <p>Handshakes here trust every certificate on purpose ({@link TlsClients}): the chain is captured
 * and judged afterwards by {@link CertificateAssessor} at an injected clock time, so one
 * certificate that is expired, untrusted and misnamed yields three separate facts instead of one
 * opaque handshake error. Revocation is not checked (RFC 8461 §3.3 makes it optional).
 */
package dev.mtasts.core.tls;
