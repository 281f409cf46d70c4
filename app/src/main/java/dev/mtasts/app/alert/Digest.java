package dev.mtasts.app.alert;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The daily digest: the reports of the day before (per domain) and the alerts open now and opened
 * in the last day, as one notification.
 */
final class Digest {

  private Digest() {}

  // {"type":"digest","day":"YYYY-MM-DD","domains":[{"domain","successful","failed"}],
  //  "open_alerts":[{"kind","domain","subject","message","opened_at"}],"opened":N}
  static Notification build(Connection c, Instant now) throws SQLException {
    LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
    Map<String, long[]> domains = RuleEvaluator.day(c, day);
    List<AlertState.Open> open = AlertState.open(c, null);
    List<Alert> opened = AlertState.openedBetween(c, now.minusSeconds(24 * 3600), now);
    StringBuilder text = new StringBuilder();
    text.append("Reports of ").append(day).append(" (UTC):\n");
    if (domains.isEmpty()) {
      text.append("  none\n");
    }
    domains.forEach(
        (domain, n) ->
            text.append("  ")
                .append(domain)
                .append(": ")
                .append(n[0])
                .append(" successful, ")
                .append(n[1])
                .append(" failed sessions (")
                .append(RuleEvaluator.percent(n[0] + n[1] == 0 ? 0 : (double) n[1] / (n[0] + n[1])))
                .append(" failed)\n"));
    text.append("\nOpen alerts: ").append(open.size()).append('\n');
    for (AlertState.Open o : open) {
      Alert a = o.alert();
      text.append("  ")
          .append(a.domain())
          .append(' ')
          .append(a.kind())
          .append(a.subject().isEmpty() ? "" : " " + Notifications.oneLine(a.subject()))
          .append(" (since ")
          .append(o.openedAt())
          .append("): ")
          .append(a.message())
          .append('\n');
    }
    text.append("\nAlerts opened in the last 24 hours: ").append(opened.size()).append('\n');
    String json =
        Notifications.json(
            g -> {
              g.writeStartObject();
              g.writeStringProperty("type", "digest");
              g.writeStringProperty("day", day.toString());
              g.writeArrayPropertyStart("domains");
              domains.forEach(
                  (domain, n) -> {
                    g.writeStartObject();
                    g.writeStringProperty("domain", domain);
                    g.writeNumberProperty("successful", n[0]);
                    g.writeNumberProperty("failed", n[1]);
                    g.writeEndObject();
                  });
              g.writeEndArray();
              g.writeArrayPropertyStart("open_alerts");
              for (AlertState.Open o : open) {
                g.writeStartObject();
                g.writeStringProperty("kind", o.alert().kind());
                g.writeStringProperty("domain", o.alert().domain());
                g.writeStringProperty("subject", o.alert().subject());
                g.writeStringProperty("message", o.alert().message());
                g.writeStringProperty("opened_at", o.openedAt().toString());
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeNumberProperty("opened", opened.size());
              g.writeEndObject();
            });
    String title = "[mtasts] daily digest for " + day + ": " + open.size() + " open alert(s)";
    return new Notification(title, text.toString(), json);
  }
}
