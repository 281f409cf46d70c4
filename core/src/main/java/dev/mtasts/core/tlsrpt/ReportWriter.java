package dev.mtasts.core.tlsrpt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes a report as canonical RFC 8460 JSON: the schema block's key names (§4.4), in the order of
 * the RFC's example, dates as {@code YYYY-MM-DDTHH:MM:SSZ}, optional fields left out when absent.
 * Also gzip for email and HTTPS delivery (§5.2, §5.3, §5.4).
 *
 * <p>What it writes is strict: a {@code policy-type} other than {@code sts}, {@code tlsa} and
 * {@code no-policy-found} (§4.4) or a {@code result-type} RFC 8460 §4.3 does not define is refused
 * with a {@link ReportWriteException} before anything is written. {@link #writeAsRead} shows a
 * report read from a sender, whatever types it holds.
 */
public final class ReportWriter {

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private ReportWriter() {}

  /**
   * The report as one line of canonical JSON.
   *
   * @throws ReportWriteException for a policy-type or result-type RFC 8460 does not define
   */
  public static String toJson(Report report) {
    return new String(toJsonBytes(report), StandardCharsets.UTF_8);
  }

  /**
   * The report as canonical JSON, UTF-8 encoded.
   *
   * @throws ReportWriteException for a policy-type or result-type RFC 8460 does not define
   */
  public static byte[] toJsonBytes(Report report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
      write(json, report);
    }
    return out.toByteArray();
  }

  /**
   * The report gzip-compressed (RFC 8460 §5.2), for {@code application/tlsrpt+gzip}.
   *
   * @throws ReportWriteException for a policy-type or result-type RFC 8460 does not define
   */
  public static byte[] toGzip(Report report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(toJsonBytes(report));
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory gzip failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Writes the report object with a generator the caller owns (e.g. inside a larger document).
   *
   * @throws ReportWriteException for a policy-type or result-type RFC 8460 does not define, before
   *     anything is written
   */
  public static void write(JsonGenerator json, Report report) {
    requireRfcTypes(report);
    writeAsRead(json, report);
  }

  /**
   * Writes the report object as {@link #write} does, but with any policy-type and result-type, kept
   * as the sender wrote them: for showing a report that was read, never for sending one.
   */
  public static void writeAsRead(JsonGenerator json, Report report) {
    json.writeStartObject();
    json.writeStringProperty("organization-name", report.organizationName());
    json.writeObjectPropertyStart("date-range");
    json.writeStringProperty("start-datetime", toDate(report.start()));
    json.writeStringProperty("end-datetime", toDate(report.end()));
    json.writeEndObject();
    optional(json, "contact-info", report.contactInfo());
    json.writeStringProperty("report-id", report.reportId());
    json.writeArrayPropertyStart("policies");
    for (PolicyResult result : report.policies()) {
      policy(json, result);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** RFC 8460 §4.4 (policy-type) and §4.3 (result-type): only the values the RFC defines. */
  private static void requireRfcTypes(Report report) {
    for (int p = 0; p < report.policies().size(); p++) {
      PolicyResult result = report.policies().get(p);
      PolicyType type = result.policy().policyType();
      if (!type.isKnown()) {
        throw new ReportWriteException(
            "REPORT_POLICY_TYPE_UNKNOWN",
            "policies["
                + p
                + "].policy.policy-type \""
                + type
                + "\" is not in RFC 8460 §4.4 (sts, tlsa, no-policy-found)");
      }
      for (int f = 0; f < result.failureDetails().size(); f++) {
        ResultType resultType = result.failureDetails().get(f).resultType();
        if (!resultType.isKnown()) {
          throw new ReportWriteException(
              "REPORT_RESULT_TYPE_UNKNOWN",
              "policies["
                  + p
                  + "].failure-details["
                  + f
                  + "].result-type \""
                  + resultType
                  + "\" is not an RFC 8460 §4.3 result type");
        }
      }
    }
  }

  private static void policy(JsonGenerator json, PolicyResult result) {
    json.writeStartObject();
    json.writeObjectPropertyStart("policy");
    PolicyDetails policy = result.policy();
    json.writeStringProperty("policy-type", policy.policyType().value());
    strings(json, "policy-string", policy.policyString());
    optional(json, "policy-domain", policy.policyDomain());
    strings(json, "mx-host", policy.mxHost());
    json.writeEndObject();
    json.writeObjectPropertyStart("summary");
    json.writeNumberProperty(
        "total-successful-session-count", result.summary().totalSuccessfulSessionCount());
    json.writeNumberProperty(
        "total-failure-session-count", result.summary().totalFailureSessionCount());
    json.writeEndObject();
    json.writeArrayPropertyStart("failure-details");
    for (FailureDetails failure : result.failureDetails()) {
      json.writeStartObject();
      json.writeStringProperty("result-type", failure.resultType().value());
      optional(json, "sending-mta-ip", failure.sendingMtaIp());
      optional(json, "receiving-mx-hostname", failure.receivingMxHostname());
      optional(json, "receiving-mx-helo", failure.receivingMxHelo());
      optional(json, "receiving-ip", failure.receivingIp());
      json.writeNumberProperty("failed-session-count", failure.failedSessionCount());
      optional(json, "additional-information", failure.additionalInformation());
      optional(json, "failure-reason-code", failure.failureReasonCode());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void strings(JsonGenerator json, String name, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    json.writeArrayPropertyStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  private static void optional(JsonGenerator json, String name, Optional<String> value) {
    value.ifPresent(v -> json.writeStringProperty(name, v));
  }

  /** RFC 3339 in UTC, whole seconds, as written in reports (RFC 8460 §4.4 "date-time"). */
  public static String toDate(Instant instant) {
    return DATE.format(instant);
  }
}
