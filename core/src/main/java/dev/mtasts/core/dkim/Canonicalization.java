package dev.mtasts.core.dkim;

import java.util.Optional;

/** Internal: the two canonicalization algorithms of RFC 6376 §3.4. */
enum Canonicalization {
  SIMPLE,
  RELAXED;

  static Optional<Canonicalization> of(String name) {
    return switch (name) {
      case "simple" -> Optional.of(SIMPLE);
      case "relaxed" -> Optional.of(RELAXED);
      default -> Optional.empty();
    };
  }

  /** A header field in this canonical form, ending in CRLF (RFC 6376 §3.4.1, §3.4.2). */
  String header(HeaderField field) {
    if (this == SIMPLE) {
      return field.raw();
    }
    // RFC 6376 §3.4.2: lower-case name; unfold; WSP runs to one SP; no WSP at the value's ends
    // nor around the colon.
    String value = field.value();
    StringBuilder out = new StringBuilder(field.raw().length());
    out.append(field.lowerName()).append(':');
    boolean space = false;
    boolean started = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        continue;
      }
      if (c == ' ' || c == '\t') {
        space = true;
      } else {
        if (space && started) {
          out.append(' ');
        }
        space = false;
        started = true;
        out.append(c);
      }
    }
    return out.append("\r\n").toString();
  }
}
