package dev.mtasts.app.web;

import dev.mtasts.app.readiness.Evidence;
import dev.mtasts.app.readiness.Readiness;
import dev.mtasts.app.readiness.Reason;
import dev.mtasts.app.readiness.Verdict;
import java.util.List;

/**
 * A domain's enforce-readiness verdict as the pages show it (the API's {@code readiness} call,
 * docs/readiness.md).
 *
 * @param verdict {@code ready}, {@code not ready} or {@code not enough data}
 * @param tone its CSS class
 * @param window the days judged, "2026-11-03 to 2026-12-03"
 * @param reasons each reason against it
 * @param evidence the evidence in numbers, one line each
 * @param json the API's answer
 */
public record ReadinessView(
    String verdict,
    String tone,
    String window,
    List<Reason> reasons,
    List<String> evidence,
    String json) {

  static ReadinessView of(Readiness r) {
    Evidence e = r.evidence();
    return new ReadinessView(
        r.verdict().label(),
        tone(r.verdict()),
        e.from() + " to " + e.to(),
        r.reasons(),
        List.of(
            e.days() + " days with reports",
            e.senders() + " sending organisations",
            e.sessions() + " sessions, " + e.failed() + " failed",
            e.stsSessions()
                + " sessions under an MTA-STS policy, "
                + e.blocked()
                + " of them failures that enforce would turn into deferrals or bounces"),
        "/api/v1/domains/" + ApiLinks.encode(r.domain()) + "/readiness");
  }

  static String tone(Verdict v) {
    return switch (v) {
      case READY -> "ok";
      case NOT_READY -> "bad";
      case NOT_ENOUGH_DATA -> "muted";
    };
  }
}
