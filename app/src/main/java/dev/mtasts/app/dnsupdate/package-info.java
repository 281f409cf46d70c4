/**
 * RFC 2136 dynamic updates signed with TSIG (RFC 8945): publishing and removing a hosted domain's
 * {@code _mta-sts} and {@code _smtp._tls} TXT records on its authoritative server.
 */
package dev.mtasts.app.dnsupdate;
