package dev.mtasts.app.resolver;

import dev.mtasts.core.domain.Domain;
import java.util.Optional;

/**
 * The policy domain behind a Postfix TLS policy lookup key, as the incumbent derives it: {@code
 * [host]:port} and {@code host:port} lose brackets and port, and what remains is read as a {@link
 * Domain}: case and a trailing dot do not matter, and a U-label next hop (Postfix passes {@code
 * exämple.org} as it is with SMTPUTF8) becomes its A-label before any lookup. Parent-domain probes
 * ({@code .example.com}, from Postfix's {@code parent_domain_matches_subdomains}), IP literals and
 * anything else that is not a domain name have no policy (RFC 8461 §4: policies apply to domains).
 */
final class NextHop {

  private NextHop() {}

  /** The policy domain in A-label form, or empty when {@code key} names none. */
  static Optional<String> policyDomain(String key) {
    String host;
    int close = key.indexOf(']');
    if (close >= 0) {
      host = key.substring(0, close).replaceFirst("^\\[+", "");
    } else {
      int colon = key.lastIndexOf(':');
      host = colon >= 0 ? key.substring(0, colon) : key;
    }
    return Domain.parse(host.strip()).ok().map(Domain::ascii);
  }
}
