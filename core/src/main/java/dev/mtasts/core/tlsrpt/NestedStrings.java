package dev.mtasts.core.tlsrpt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Internal: the TLSA {@code policy-string} some senders write as one string holding a JSON array of
 * strings (RFC 8460 §4.4 makes it the array itself). The usual shape, plain ASCII strings without
 * escapes, is read by hand; anything else goes to the JSON parser, so both give the same.
 */
final class NestedStrings {

  private NestedStrings() {}

  /** The strings of a JSON array of strings held in {@code text}, or empty for anything else. */
  static Optional<List<String>> read(String text, JsonFactory json) {
    List<String> plain = plainArray(text);
    return plain != null ? Optional.of(plain) : parsed(text, json);
  }

  /**
   * An array of strings of printable ASCII without escapes, with JSON whitespace (RFC 8259 §2)
   * around its parts and nothing else; null for any other text, even valid JSON.
   */
  static List<String> plainArray(String text) {
    int end = text.length();
    int at = skipSpace(text, 0);
    if (at == end || text.charAt(at) != '[') {
      return null;
    }
    at = skipSpace(text, at + 1);
    List<String> values = new ArrayList<>();
    if (at < end && text.charAt(at) == ']') {
      return skipSpace(text, at + 1) == end ? List.of() : null;
    }
    while (at < end && text.charAt(at) == '"') {
      int start = at + 1;
      int close = start;
      while (close < end && isPlain(text.charAt(close))) {
        close++;
      }
      if (close == end || text.charAt(close) != '"') {
        return null;
      }
      values.add(text.substring(start, close));
      at = skipSpace(text, close + 1);
      if (at < end && text.charAt(at) == ']') {
        return skipSpace(text, at + 1) == end ? List.copyOf(values) : null;
      }
      if (at == end || text.charAt(at) != ',') {
        return null;
      }
      at = skipSpace(text, at + 1);
    }
    return null;
  }

  /** The text read by the JSON parser: its strings when it is an array of strings and no more. */
  static Optional<List<String>> parsed(String text, JsonFactory json) {
    try (JsonParser parser = json.createParser(ObjectReadContext.empty(), text)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return Optional.empty();
      }
      List<String> values = new ArrayList<>();
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_ARRAY;
          token = parser.nextToken()) {
        if (token != JsonToken.VALUE_STRING) {
          return Optional.empty();
        }
        values.add(parser.getString());
      }
      return parser.nextToken() == null ? Optional.of(List.copyOf(values)) : Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty(); // not JSON after all: kept as the one string the sender wrote
    }
  }

  /** A character a JSON string holds as itself: printable ASCII but the quote and backslash. */
  private static boolean isPlain(char c) {
    return c >= ' ' && c <= '~' && c != '"' && c != '\\';
  }

  private static int skipSpace(String text, int from) {
    int at = from;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      at++;
    }
    return at;
  }
}
