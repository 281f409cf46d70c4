package dev.mtasts.core.tlsrpt;

import static dev.mtasts.core.tlsrpt.JsonValue.isAbsent;
import static dev.mtasts.core.tlsrpt.UniqueNames.first;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Internal: the top-level object of a report (RFC 8460 §4.4), from the token stream. Each entry of
 * {@code policies} is checked as soon as it is read; its problems wait for their turn after those
 * of the other members, which may come later in the stream.
 */
final class ReportObjectJson {

  private final ReportReader.Limits limits;
  private final JsonText text;
  private JsonValue organizationName;
  private JsonValue reportId;
  private JsonValue contactInfo;
  private JsonValue dateRange;
  private JsonValue startDatetime;
  private JsonValue endDatetime;
  private JsonValue policies;
  private int policiesCount;
  private final List<PolicyResult> checkedPolicies = new ArrayList<>();
  private final Problems policiesProblems = new Problems();

  private ReportObjectJson(JsonText text) {
    this.limits = text.limits();
    this.text = text;
  }

  /**
   * The members of the object the parser is at, read to its end; unknown members skipped. {@code
   * text} is the JSON text the parser reads.
   */
  static ReportObjectJson read(JsonParser parser, JsonText text) {
    ReportObjectJson report = new ReportObjectJson(text);
    Set<String> others = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      parser.nextToken();
      switch (name) {
        case "organization-name" ->
            report.organizationName =
                first(parser, report.organizationName, JsonValue.read(parser));
        case "report-id" ->
            report.reportId = first(parser, report.reportId, JsonValue.read(parser));
        case "contact-info" ->
            report.contactInfo = first(parser, report.contactInfo, JsonValue.read(parser));
        case "date-range" ->
            report.dateRange =
                first(
                    parser, report.dateRange, JsonValue.readObject(parser, report::readDateRange));
        case "policies" ->
            report.policies =
                first(parser, report.policies, JsonValue.readArray(parser, report::readPolicies));
        default -> {
          others = UniqueNames.other(parser, others, name);
          JsonValue.skip(parser); // RFC 8460 expects the schema to grow
        }
      }
    }
    return report;
  }

  private void readDateRange(JsonParser parser) {
    Set<String> others = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      parser.nextToken();
      JsonValue value = JsonValue.read(parser);
      switch (name) {
        case "start-datetime" -> startDatetime = first(parser, startDatetime, value);
        case "end-datetime" -> endDatetime = first(parser, endDatetime, value);
        default -> others = UniqueNames.other(parser, others, name);
      }
    }
  }

  /** Checks each entry as it ends; past the limit, entries are only counted (and skipped). */
  private void readPolicies(JsonParser parser) {
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      int index = policiesCount++;
      if (policiesCount > limits.maxPolicies()) {
        JsonValue.skip(parser);
        continue;
      }
      ReportPath path = ReportPath.ROOT.element("policies", index);
      if (token != JsonToken.START_OBJECT) {
        policiesProblems.error("REPORT_WRONG_TYPE", path + " must be an object");
        JsonValue.skip(parser);
        continue;
      }
      PolicyResult entry =
          PolicyResultJson.read(parser, path, limits.maxFailureDetailsPerPolicy(), text)
              .check(policiesProblems, text.parsers());
      if (entry != null) {
        checkedPolicies.add(entry);
      }
    }
  }

  /** The report; null after an error. */
  Report check(Problems problems) {
    String organization =
        MemberChecks.requiredString(
            problems, organizationName, ReportPath.ROOT, "organization-name");
    String id = MemberChecks.requiredString(problems, reportId, ReportPath.ROOT, "report-id");
    Optional<String> contact =
        MemberChecks.optionalString(problems, contactInfo, ReportPath.ROOT, "contact-info");
    if (contact.isEmpty()) {
      problems.warn("REPORT_CONTACT_INFO_MISSING", "contact-info is absent or null");
    }
    Instant start = null;
    Instant end = null;
    if (MemberChecks.isObject(problems, dateRange, ReportPath.ROOT, "date-range")) {
      ReportPath range = ReportPath.ROOT.member("date-range");
      start = ReportDates.date(problems, startDatetime, range, "start-datetime");
      end = ReportDates.date(problems, endDatetime, range, "end-datetime");
      ReportDates.checkRange(problems, start, end);
    }
    List<PolicyResult> results = checkPolicies(problems);
    if (organization == null || id == null || start == null || end == null) {
      return null;
    }
    return new Report(organization, start, end, contact, id, results);
  }

  private List<PolicyResult> checkPolicies(Problems problems) {
    if (isAbsent(policies)) {
      problems.error(
          "REPORT_MISSING_FIELD", "policies is missing (RFC 8460 §4: it MUST be an array)");
      return List.of();
    }
    if (policies != JsonValue.Kind.ARRAY) {
      problems.error("REPORT_WRONG_TYPE", "policies must be an array (RFC 8460 §4)");
      return List.of();
    }
    if (policiesCount > limits.maxPolicies()) {
      problems.error(
          "REPORT_TOO_MANY_POLICIES",
          policiesCount + " policies exceed the limit of " + limits.maxPolicies());
      return List.of();
    }
    if (policiesCount == 0) {
      problems.warn("REPORT_NO_POLICIES", "policies is empty");
    }
    problems.addAll(policiesProblems);
    return checkedPolicies;
  }
}
