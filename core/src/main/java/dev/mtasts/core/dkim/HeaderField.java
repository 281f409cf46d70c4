package dev.mtasts.core.dkim;

import java.util.Locale;

/**
 * Internal: one header field as received, lines joined by CRLF and ending in CRLF, bytes kept as
 * ISO-8859-1 characters so that nothing is lost (RFC 6376 §3.4.1 "simple" needs it verbatim).
 *
 * @param name the field name as written
 * @param raw the whole field, name to final CRLF
 */
record HeaderField(String name, String raw) {

  /** The field's value: everything after the colon, still folded. */
  String value() {
    return raw.substring(raw.indexOf(':') + 1, raw.length() - 2);
  }

  boolean is(String other) {
    return name.strip().equalsIgnoreCase(other);
  }

  String lowerName() {
    return name.strip().toLowerCase(Locale.ROOT);
  }
}
