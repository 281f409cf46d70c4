package dev.mtasts.core.tlsrpt;

import java.util.HashSet;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;

/**
 * Internal: I-JSON's unique member names (RFC 7493 §2.3), checked by the report readers rather than
 * the parser, which would check every name against every other. A member of the schema is known
 * twice when its field is already set; other names are kept in a set made when the first comes. A
 * duplicate ends the first reading; the document is then read again with the parser checking, so
 * that the error is the parser's, at its position ({@link ReportJson}).
 */
final class UniqueNames {

  private UniqueNames() {}

  /** {@code value}, read for a member whose field holds {@code field}: null unless a duplicate. */
  static JsonValue first(JsonParser parser, JsonValue field, JsonValue value) {
    if (field != null) {
      throw duplicate(parser);
    }
    return value;
  }

  /** {@code seen} (made when null) with {@code name}, a name not in the schema. */
  static Set<String> other(JsonParser parser, Set<String> seen, String name) {
    Set<String> names = seen == null ? new HashSet<>() : seen;
    if (!names.add(name)) {
      throw duplicate(parser);
    }
    return names;
  }

  static StreamReadException duplicate(JsonParser parser) {
    return new StreamReadException(parser, "a duplicate member name");
  }
}
