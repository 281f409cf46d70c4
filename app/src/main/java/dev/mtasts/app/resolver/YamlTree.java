package dev.mtasts.app.resolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document as a tree that keeps each key's line and each scalar's source text, read with
 * Jackson's YAML parser. The line lets errors name where a key is; the source text lets us read
 * {@code mode: 0666} as the incumbent's YAML 1.1 loader does (octal), which a YAML 1.2 mapping
 * would lose.
 */
public sealed interface YamlTree {

  int line();

  /** A scalar; {@code token} tells whether YAML saw a string, number, boolean or null. */
  record Scalar(String text, JsonToken token, int line) implements YamlTree {
    public boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }
  }

  /** A mapping, in document order. */
  record Mapping(Map<String, Entry> entries, int line) implements YamlTree {}

  /** One key of a mapping with the line it stands on. */
  record Entry(String key, int keyLine, YamlTree value) {}

  /** A sequence. */
  record Sequence(List<YamlTree> items, int line) implements YamlTree {}

  /** Reads {@code text}; an empty document is an empty mapping (as the incumbent treats it). */
  public static YamlTree read(String text) {
    // the streaming parser alone: no databind classes in a daemon that only reads its config
    try (JsonParser p = new YAMLFactory().createParser(ObjectReadContext.empty(), text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new Mapping(Map.of(), 1);
      }
      return node(p);
    }
  }

  private static YamlTree node(JsonParser p) {
    int line = p.currentTokenLocation().getLineNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String key = p.currentName();
          int keyLine = p.currentTokenLocation().getLineNr();
          p.nextToken();
          entries.put(key, new Entry(key, keyLine, node(p)));
        }
        return new Mapping(entries, line);
      }
      case START_ARRAY -> {
        List<YamlTree> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(p));
        }
        return new Sequence(items, line);
      }
      default -> {
        return new Scalar(t == JsonToken.VALUE_NULL ? "" : p.getString(), t, line);
      }
    }
  }
}
