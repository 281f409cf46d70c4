package dev.mtasts.core.check;

import java.util.Objects;
import java.util.Optional;

/**
 * What the probe of one MX address showed.
 *
 * @param address the IPv4 or IPv6 address, as text
 * @param connected whether port 25 (or the configured port) accepted a TCP connection
 * @param starttls whether the server offered STARTTLS after EHLO (RFC 3207 §4)
 * @param tlsVersion the negotiated protocol, when a TLS 1.2+ handshake completed
 * @param cipherSuite the negotiated cipher suite, when a handshake completed
 * @param certificate the presented certificate, when a handshake completed
 * @param tlsaMatch whether a usable TLSA record matched the presented chain; empty without usable
 *     TLSA records or without a handshake
 * @param problem what stopped the conversation early, if anything
 */
public record AddressReport(
    String address,
    boolean connected,
    boolean starttls,
    Optional<String> tlsVersion,
    Optional<String> cipherSuite,
    Optional<CertificateFacts> certificate,
    Optional<Boolean> tlsaMatch,
    Optional<String> problem) {

  public AddressReport {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(tlsVersion, "tlsVersion");
    Objects.requireNonNull(cipherSuite, "cipherSuite");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(tlsaMatch, "tlsaMatch");
    Objects.requireNonNull(problem, "problem");
  }
}
