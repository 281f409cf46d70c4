package dev.mtasts.app.alert;

import java.io.StringWriter;
import java.time.Instant;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** How an alert reads in each channel. */
final class Notifications {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private Notifications() {}

  // {"type":"alert","kind":"...","domain":"...","subject":"...","message":"...","opened_at":"..."}
  static Notification of(Alert a, Instant openedAt) {
    String title =
        "[mtasts] "
            + a.domain()
            + ": "
            + a.kind()
            + (a.subject().isEmpty() ? "" : " " + oneLine(a.subject()));
    String text =
        a.message()
            + "\n\nkind:    "
            + a.kind()
            + "\ndomain:  "
            + a.domain()
            + (a.subject().isEmpty() ? "" : "\nsubject: " + a.subject())
            + "\nsince:   "
            + openedAt
            + "\n\nThis alert is sent once; it is sent again only after the condition cleared.\n";
    String json =
        json(
            g -> {
              g.writeStartObject();
              g.writeStringProperty("type", "alert");
              g.writeStringProperty("kind", a.kind());
              g.writeStringProperty("domain", a.domain());
              g.writeStringProperty("subject", a.subject());
              g.writeStringProperty("message", a.message());
              g.writeStringProperty("opened_at", openedAt.toString());
              g.writeEndObject();
            });
    return new Notification(title, text, json);
  }

  static String json(Consumer<JsonGenerator> body) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
      body.accept(g);
    }
    return text.toString();
  }

  /** A value from a report (an organisation name) made safe for a mail header line. */
  static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}]", " ");
  }
}
