package dev.mtasts.core.tlsrpt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Internal: a member's value as the token stream gave it, held until its object ends: members come
 * in any order (RFC 8259 §4), so the report schema (RFC 8460 §4.4) is checked on the whole object.
 * An absent member is {@code null}.
 */
sealed interface JsonValue {

  /** A value the schema only needs the kind of. */
  enum Kind implements JsonValue {
    /** JSON {@code null}, read as absent. */
    NULL,
    /** An object; where the schema names its members, the enclosing reader holds them. */
    OBJECT,
    /** An array; where the schema names its elements, the enclosing reader holds them. */
    ARRAY,
    /** A boolean, a fraction or an integer beyond a long. */
    OTHER
  }

  /** A string. */
  record Text(String value) implements JsonValue {}

  /** An integer that fits a long. */
  record Whole(long value) implements JsonValue {}

  /**
   * An array where the schema wants strings: the strings in order, and the index of every other
   * element.
   */
  record Strings(List<String> values, List<Integer> notStrings) implements JsonValue {
    public Strings {
      values = List.copyOf(values);
      notStrings = List.copyOf(notStrings);
    }
  }

  /**
   * A TLSA {@code policy-string} written as one string holding a JSON array of plain strings, read
   * from the JSON text as that array ({@link JsonText#policyString}).
   */
  record NestedArray(List<String> values) implements JsonValue {
    public NestedArray {
      values = List.copyOf(values);
    }
  }

  /** Whether the member is absent or JSON {@code null}: senders write both for "none". */
  static boolean isAbsent(JsonValue value) {
    return value == null || value == Kind.NULL;
  }

  /** The value the parser is at; an object or array is skipped to its end. */
  static JsonValue read(JsonParser parser) {
    return switch (parser.currentToken()) {
      case VALUE_STRING -> new Text(parser.getString());
      case VALUE_NUMBER_INT ->
          parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? Kind.OTHER
              : new Whole(parser.getLongValue());
      case VALUE_NULL -> Kind.NULL;
      case START_OBJECT -> {
        skip(parser);
        yield Kind.OBJECT;
      }
      case START_ARRAY -> {
        skip(parser);
        yield Kind.ARRAY;
      }
      default -> Kind.OTHER;
    };
  }

  /**
   * An object whose members {@code members} reads, from its start to its end, where the schema
   * names them; any other value as {@link #read}.
   */
  static JsonValue readObject(JsonParser parser, Consumer<JsonParser> members) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      return read(parser);
    }
    members.accept(parser);
    return Kind.OBJECT;
  }

  /**
   * An array whose elements {@code elements} reads, from its start to its end, where the schema
   * names them; any other value as {@link #read}.
   */
  static JsonValue readArray(JsonParser parser, Consumer<JsonParser> elements) {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      return read(parser);
    }
    elements.accept(parser);
    return Kind.ARRAY;
  }

  /** Like {@link #read}, but an array becomes {@link Strings}. */
  static JsonValue readStrings(JsonParser parser) {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      return read(parser);
    }
    return stringsFrom(parser, parser.nextToken(), List.of());
  }

  /**
   * An array as {@link Strings}: the strings already read from it, then its elements from {@code
   * next}, where the parser is, to its end.
   */
  static Strings stringsFrom(JsonParser parser, JsonToken next, List<String> read) {
    List<String> values = read.isEmpty() ? new ArrayList<>() : new ArrayList<>(read);
    List<Integer> notStrings = new ArrayList<>(0);
    int index = read.size();
    for (JsonToken token = next;
        token != JsonToken.END_ARRAY;
        token = parser.nextToken(), index++) {
      if (token == JsonToken.VALUE_STRING) {
        values.add(parser.getString());
      } else {
        skip(parser);
        notStrings.add(index);
      }
    }
    return new Strings(values, notStrings);
  }

  /**
   * Skips the value the parser is at. Every string in it is still read, because the parser checks
   * the string length limit only on strings read (names and numbers it always checks).
   */
  static void skip(JsonParser parser) {
    // One entry per open object (its names: RFC 7493 §2.3) or array (null).
    List<Set<String>> open = new ArrayList<>(0);
    JsonToken token = parser.currentToken();
    while (true) {
      switch (token) {
        case START_OBJECT, START_ARRAY -> open.add(null);
        case END_OBJECT, END_ARRAY -> open.removeLast();
        case PROPERTY_NAME ->
            open.set(
                open.size() - 1, UniqueNames.other(parser, open.getLast(), parser.currentName()));
        case VALUE_STRING -> parser.getString();
        default -> {}
      }
      if (open.isEmpty()) {
        return;
      }
      token = parser.nextToken();
    }
  }
}
