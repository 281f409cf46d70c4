package dev.mtasts.core.dkim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Internal: a DKIM tag-list (RFC 6376 §3.2), as in DKIM-Signature fields and key records. Values
 * keep their inner folding white space; each remembers where it stands in the text, so the
 * signature's own {@code b=} value can be cut out (RFC 6376 §3.7).
 */
final class TagList {

  /**
   * One tag's value, without the white space around it, and where it stands: from just after the
   * '=' (so with the white space before the value) to the value's end.
   */
  record Value(String text, int start, int end) {}

  private final Map<String, Value> tags;

  private TagList(Map<String, Value> tags) {
    this.tags = tags;
  }

  /**
   * Parses {@code text}; on error the failure carries {@code syntax} or {@code duplicate}. Tag
   * names are case-sensitive (RFC 6376 §3.2).
   */
  static TagList parse(String text, DkimReason syntax, DkimReason duplicate) throws DkimFailure {
    Map<String, Value> tags = new LinkedHashMap<>();
    int at = 0;
    while (at <= text.length()) {
      int semicolon = text.indexOf(';', at);
      int end = semicolon < 0 ? text.length() : semicolon;
      int nameStart = skipFws(text, at, end);
      if (nameStart < end) { // empty tag-specs (";;", a trailing ";") are tolerated
        int equals = text.indexOf('=', nameStart);
        if (equals < 0 || equals > end) {
          throw new DkimFailure(syntax, "tag without '=' at column " + (nameStart + 1));
        }
        String name = text.substring(nameStart, trimFwsEnd(text, nameStart, equals));
        if (!validName(name)) {
          throw new DkimFailure(syntax, "invalid tag name '" + name + "'");
        }
        int valueStart = skipFws(text, equals + 1, end);
        int valueEnd = trimFwsEnd(text, valueStart, end);
        String value = text.substring(valueStart, valueEnd);
        if (!validValue(value)) {
          throw new DkimFailure(syntax, "invalid character in the value of " + name + "=");
        }
        if (tags.putIfAbsent(name, new Value(value, equals + 1, valueEnd)) != null) {
          throw new DkimFailure(duplicate, "tag " + name + "= occurs more than once");
        }
      }
      if (semicolon < 0) {
        break;
      }
      at = semicolon + 1;
    }
    return new TagList(tags);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(tags.get(name)).map(Value::text);
  }

  Optional<Value> value(String name) {
    return Optional.ofNullable(tags.get(name));
  }

  /** The first tag's name, if any (a key record's {@code v=} must come first). */
  Optional<String> firstName() {
    return tags.keySet().stream().findFirst();
  }

  /** The value with all folding white space removed (base64 values, RFC 6376 §3.5). */
  static String withoutFws(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isFws(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  static boolean isFws(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static int skipFws(String text, int from, int end) {
    int i = from;
    while (i < end && isFws(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int trimFwsEnd(String text, int start, int end) {
    int i = end;
    while (i > start && isFws(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  // RFC 6376 §3.2: tag-name = ALPHA *ALNUMPUNC
  private static boolean validName(String name) {
    if (name.isEmpty() || !isAlpha(name.charAt(0))) {
      return false;
    }
    return name.chars().allMatch(c -> isAlpha(c) || (c >= '0' && c <= '9') || c == '_');
  }

  // RFC 6376 §3.2: VALCHAR = %x21-3A / %x3C-7E, with folding white space between runs
  private static boolean validValue(String value) {
    return value.chars().allMatch(c -> (c >= 0x21 && c <= 0x7E && c != ';') || isFws((char) c));
  }

  private static boolean isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
