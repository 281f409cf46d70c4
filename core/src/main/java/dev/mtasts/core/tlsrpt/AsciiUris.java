package dev.mtasts.core.tlsrpt;

import java.net.IDN;
import java.nio.charset.StandardCharsets;

/**
 * Internal: the ASCII form of a URI someone wrote with Unicode in it, to suggest in an error. URIs
 * are ASCII (RFC 3986 §2): the host or mail domain becomes its A-label (RFC 5890), any other
 * non-ASCII character is percent-encoded as UTF-8 (RFC 3986 §2.1, RFC 6068 §2).
 */
final class AsciiUris {

  private AsciiUris() {}

  static String suggest(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      return percentEncode(text);
    }
    String scheme = text.substring(0, colon + 1);
    String rest = text.substring(colon + 1);
    if (rest.startsWith("//")) {
      // hier-part = "//" authority path-abempty: the host ends at "/", "?" or "#", before a port.
      int end = firstOf(rest, 2, "/?#");
      String authority = rest.substring(2, end);
      int at = authority.lastIndexOf('@');
      int port = authority.indexOf(':', at + 1);
      String host = authority.substring(at + 1, port < 0 ? authority.length() : port);
      return scheme
          + "//"
          + percentEncode(authority.substring(0, at + 1))
          + aLabel(host)
          + (port < 0 ? "" : authority.substring(port))
          + percentEncode(rest.substring(end));
    }
    // mailto: addr-spec, the domain after the last "@" (RFC 6068 §2).
    int at = rest.lastIndexOf('@');
    if (at < 0) {
      return scheme + percentEncode(rest);
    }
    int end = firstOf(rest, at + 1, "?,");
    return scheme
        + percentEncode(rest.substring(0, at + 1))
        + aLabel(rest.substring(at + 1, end))
        + percentEncode(rest.substring(end));
  }

  private static int firstOf(String text, int from, String stops) {
    for (int i = from; i < text.length(); i++) {
      if (stops.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  private static String aLabel(String domain) {
    try {
      return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
    } catch (IllegalArgumentException notADomain) {
      return percentEncode(domain);
    }
  }

  private static String percentEncode(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (c < 0x7F) {
                out.appendCodePoint(c);
              } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                  out.append('%').append(String.format("%02X", b & 0xff));
                }
              }
            });
    return out.toString();
  }
}
