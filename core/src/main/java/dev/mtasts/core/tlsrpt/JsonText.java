package dev.mtasts.core.tlsrpt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Internal: the JSON text of one report beside the parser reading it, so that the TLSA {@code
 * policy-string} a large provider writes as one string holding a JSON array, {@code ["[\"2 1 1
 * AB…\",\"3 1 1 CD…\"]"]}, is split straight from the text: the parser checks the string while
 * skipping it, without decoding it, and each string inside is copied once. Any other shape is
 * decoded by the parser and left to {@link NestedStrings}, which gives the same strings.
 *
 * @param bytes the document the parser reads, from its first byte
 * @param ascii whether no byte of it is above 127
 * @param limits the reader's limits, which the parser applies
 * @param parsers reads a string again and a nested array ({@link NestedStrings})
 */
record JsonText(byte[] bytes, boolean ascii, ReportReader.Limits limits, JsonFactory parsers) {

  /**
   * The {@code policy-string} value the parser is at: an array as {@link JsonValue#readStrings}
   * reads it, unless it is the nested array split here; any other value as {@link JsonValue#read}.
   */
  JsonValue policyString(JsonParser parser) {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      return JsonValue.read(parser);
    }
    JsonToken first = parser.nextToken();
    long quote = parser.currentTokenLocation().getByteOffset();
    if (first != JsonToken.VALUE_STRING || !mayHoldArray(quote)) {
      return JsonValue.stringsFrom(parser, first, List.of());
    }
    JsonToken next = parser.nextToken(); // the parser checks the string as it skips it
    int closingQuote = lastQuoteBefore(parser.currentTokenLocation().getByteOffset());
    if (next == JsonToken.END_ARRAY) {
      String body =
          new String(
              bytes, (int) quote + 1, closingQuote - (int) quote - 1, StandardCharsets.ISO_8859_1);
      List<String> nested = split(body);
      if (nested != null) {
        return new JsonValue.NestedArray(nested);
      }
    }
    return JsonValue.stringsFrom(parser, next, List.of(decoded((int) quote, closingQuote)));
  }

  /**
   * Whether the string at {@code quote} starts like a JSON array of strings, in ASCII text and too
   * short to break the string length limit (the parser checks it only on strings it decodes).
   */
  private boolean mayHoldArray(long quote) {
    if (!ascii || quote < 0 || bytes.length - quote > limits.maxStringLength()) {
      return false;
    }
    int at = spaces((int) quote + 1);
    if (bytes[(int) quote] != '"' || at == bytes.length || bytes[at] != '[') {
      return false;
    }
    at = spaces(at + 1);
    return at < bytes.length && (bytes[at] == ']' || isEscapedQuote(at));
  }

  /**
   * The strings of the array in the string from {@code quote} to {@code closingQuote}, when it is
   * the usual shape: strings without escapes, spaces between the parts; null for anything else. The
   * parser has checked the string: it holds no control character and no quote but escaped ones. The
   * text is ASCII, so each byte is one character, and the escapes are found by {@link
   * String#indexOf(int, int)}, which looks at many characters a step.
   */
  private static List<String> split(String body) {
    int at = spaces(body, 0);
    if (at == body.length() || body.charAt(at) != '[') {
      return null;
    }
    at = spaces(body, at + 1);
    List<String> values = new ArrayList<>();
    if (at < body.length() && body.charAt(at) != ']') {
      while (true) {
        if (!isEscapedQuote(body, at)) {
          return null;
        }
        int start = at + 2;
        int close = body.indexOf('\\', start);
        if (!isEscapedQuote(body, close)) {
          return null;
        }
        values.add(body.substring(start, close));
        at = spaces(body, close + 2);
        if (at == body.length() || body.charAt(at) == ']') {
          break;
        }
        if (body.charAt(at) != ',') {
          return null;
        }
        at = spaces(body, at + 1);
      }
    }
    return at < body.length() && spaces(body, at + 1) == body.length() ? values : null;
  }

  private static boolean isEscapedQuote(String body, int at) {
    return at >= 0
        && at + 1 < body.length()
        && body.charAt(at) == '\\'
        && body.charAt(at + 1) == '"';
  }

  private static int spaces(String body, int from) {
    int at = from;
    while (at < body.length() && body.charAt(at) == ' ') {
      at++;
    }
    return at;
  }

  /** The string from {@code quote} to {@code closingQuote}, decoded by the parser. */
  private String decoded(int quote, int closingQuote) {
    try (JsonParser literal =
        parsers.createParser(ObjectReadContext.empty(), bytes, quote, closingQuote + 1 - quote)) {
      literal.nextToken();
      return literal.getString();
    }
  }

  /**
   * The closing quote of the string before the token at {@code next}: only whitespace and a comma
   * lie between them.
   */
  private int lastQuoteBefore(long next) {
    int at = (int) next - 1;
    while (at >= 0 && bytes[at] != '"') {
      at--;
    }
    if (at < 0) {
      throw new IllegalStateException("no string before offset " + next);
    }
    return at;
  }

  private boolean isEscapedQuote(int at) {
    return at + 1 < bytes.length && bytes[at] == '\\' && bytes[at + 1] == '"';
  }

  private int spaces(int from) {
    int at = from;
    while (at < bytes.length && bytes[at] == ' ') {
      at++;
    }
    return at;
  }
}
