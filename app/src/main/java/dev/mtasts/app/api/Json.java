package dev.mtasts.app.api;

import java.io.StringWriter;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** Small JSON documents written with Jackson's streaming generator. */
final class Json {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private Json() {}

  static String write(Consumer<JsonGenerator> body) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), text)) {
      body.accept(g);
    }
    return text.toString();
  }

  /** {@code {"error":{"code":"...","message":"..."}}}. */
  static String error(String code, String message) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeObjectPropertyStart("error");
          g.writeStringProperty("code", code);
          g.writeStringProperty("message", message);
          g.writeEndObject();
          g.writeEndObject();
        });
  }
}
