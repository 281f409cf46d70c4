package dev.mtasts.app.resolver;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The policy domain behind a Postfix TLS policy lookup key, as the incumbent derives it: {@code
 * [host]:port} and {@code host:port} lose brackets and port, the rest is lower-cased and loses a
 * trailing dot. Parent-domain probes ({@code .example.com}, from Postfix's {@code
 * parent_domain_matches_subdomains}) and IP literals have no policy (RFC 8461 §4: policies apply to
 * domains).
 */
final class NextHop {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private NextHop() {}

  static Optional<String> policyDomain(String key) {
    String host;
    int close = key.indexOf(']');
    if (close >= 0) {
      host = key.substring(0, close).replaceFirst("^\\[+", "");
    } else {
      int colon = key.lastIndexOf(':');
      host = colon >= 0 ? key.substring(0, colon) : key;
    }
    host = host.strip().toLowerCase(Locale.ROOT);
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || host.startsWith(".") || isIpLiteral(host)) {
      return Optional.empty();
    }
    return Optional.of(host);
  }

  private static boolean isIpLiteral(String host) {
    boolean dottedQuad = isDigit(host.charAt(0)) && IPV4.matcher(host).matches();
    return dottedQuad || host.contains(":") || host.startsWith("ipv6:");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
