package dev.mtasts.core.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One MX host of the domain and what its addresses showed.
 *
 * @param host the MX host name, lower case, without the trailing dot
 * @param preference the MX preference (RFC 5321 §5.1)
 * @param addresses one report per A/AAAA address, IPv4 first
 * @param tlsa the TLSA records at {@code _25._tcp.<host>} in presentation form (RFC 7672 §2.2)
 */
public record MxReport(
    String host, int preference, List<AddressReport> addresses, List<String> tlsa) {

  public MxReport {
    Objects.requireNonNull(host, "host");
    addresses = List.copyOf(addresses);
    tlsa = List.copyOf(tlsa);
  }

  /**
   * The address whose facts stand for the host in a summary: the first that completed a TLS
   * handshake, else the first that connected, else the first.
   */
  public Optional<AddressReport> representative() {
    return addresses.stream()
        .filter(a -> a.tlsVersion().isPresent())
        .findFirst()
        .or(() -> addresses.stream().filter(AddressReport::connected).findFirst())
        .or(() -> addresses.stream().findFirst());
  }
}
