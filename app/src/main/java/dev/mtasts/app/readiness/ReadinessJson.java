package dev.mtasts.app.readiness;

import java.io.StringWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The JSON form of a verdict, the same in {@code GET /api/v1/domains/{domain}/readiness} and {@code
 * report readiness --json}:
 *
 * <pre>
 * {"domain","verdict":"ready|not ready|not enough data","ready":bool,
 *  "reasons":[{"code","verdict","subject","message"}],
 *  "window":{"from","to"},"thresholds":{...},
 *  "evidence":{"days","senders","sessions","failed","failure_rate","sts_sessions","blocked",
 *    "blocked_rate","by_sender":[...],"by_mx_host":[...],"by_result_type":[...],
 *    "policy_mx":[...],"hosted_mx":[...]|null}}
 * </pre>
 */
public final class ReadinessJson {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private ReadinessJson() {}

  public static String write(Readiness r) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
      write(g, r);
    }
    return text.toString();
  }

  public static void write(JsonGenerator g, Readiness r) {
    Evidence e = r.evidence();
    Thresholds t = r.thresholds();
    g.writeStartObject();
    g.writeStringProperty("domain", r.domain());
    g.writeStringProperty("verdict", r.verdict().label());
    g.writeBooleanProperty("ready", r.ready());
    g.writeArrayPropertyStart("reasons");
    for (Reason reason : r.reasons()) {
      g.writeStartObject();
      g.writeStringProperty("code", reason.code());
      g.writeStringProperty("verdict", reason.verdict().label());
      g.writeStringProperty("subject", reason.subject());
      g.writeStringProperty("message", reason.message());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectPropertyStart("window");
    g.writeStringProperty("from", e.from().toString());
    g.writeStringProperty("to", e.to().toString());
    g.writeEndObject();
    g.writeObjectPropertyStart("thresholds");
    g.writeNumberProperty("window_days", t.windowDays());
    g.writeNumberProperty("min_days", t.minDays());
    g.writeNumberProperty("min_senders", t.minSenders());
    g.writeNumberProperty("min_sessions", t.minSessions());
    g.writeNumberProperty("max_failure_rate", t.maxFailureRate());
    g.writeNumberProperty("max_sender_failure_rate", t.maxSenderFailureRate());
    g.writeEndObject();
    g.writeObjectPropertyStart("evidence");
    g.writeNumberProperty("days", e.days());
    g.writeNumberProperty("senders", e.senders());
    g.writeNumberProperty("sessions", e.sessions());
    g.writeNumberProperty("failed", e.failed());
    g.writeNumberProperty("failure_rate", e.failureRate());
    g.writeNumberProperty("sts_sessions", e.stsSessions());
    g.writeNumberProperty("blocked", e.blocked());
    g.writeNumberProperty("blocked_rate", e.blockedRate());
    g.writeArrayPropertyStart("by_sender");
    for (Evidence.Sender s : e.bySender()) {
      g.writeStartObject();
      g.writeStringProperty("organization", s.organization());
      g.writeNumberProperty("sessions", s.sessions());
      g.writeNumberProperty("failed", s.failed());
      g.writeNumberProperty("failure_rate", s.failureRate());
      g.writeNumberProperty("sts_sessions", s.stsSessions());
      g.writeNumberProperty("blocked", s.blocked());
      g.writeNumberProperty("blocked_rate", s.blockedRate());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayPropertyStart("by_mx_host");
    for (Evidence.MxHost m : e.byMxHost()) {
      g.writeStartObject();
      g.writeStringProperty("host", m.host());
      g.writeNumberProperty("failed", m.failed());
      g.writeNumberProperty("blocked", m.blocked());
      g.writeNumberProperty("blocked_share", Evidence.rate(m.blocked(), e.stsSessions()));
      g.writeBooleanProperty("covered", m.covered());
      g.writeName("covered_by_hosted");
      if (m.coveredByHosted().isPresent()) {
        g.writeBoolean(m.coveredByHosted().get());
      } else {
        g.writeNull();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayPropertyStart("by_result_type");
    for (Evidence.Failures f : e.byResultType()) {
      g.writeStartObject();
      g.writeStringProperty("policy_type", f.policyType());
      g.writeStringProperty("result_type", f.resultType());
      g.writeNumberProperty("failed", f.failed());
      g.writeStringProperty("enforce", f.effect().token());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayPropertyStart("policy_mx");
    e.policyMx().forEach(g::writeString);
    g.writeEndArray();
    g.writeName("hosted_mx");
    if (e.hostedMx().isPresent()) {
      g.writeStartArray();
      e.hostedMx().get().forEach(g::writeString);
      g.writeEndArray();
    } else {
      g.writeNull();
    }
    g.writeEndObject();
    g.writeEndObject();
  }
}
