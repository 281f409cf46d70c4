package dev.mtasts.core.tlsrpt;

import static dev.mtasts.core.tlsrpt.JsonValue.isAbsent;
import static dev.mtasts.core.tlsrpt.UniqueNames.first;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * Internal: one entry of {@code policies} (RFC 8460 §4.4), from the token stream. Each entry of its
 * {@code failure-details} is checked as soon as it is read; its problems wait for their turn after
 * those of {@code policy} and {@code summary}, which may come later in the stream.
 */
final class PolicyResultJson {

  private final ReportPath path;
  private final int maxFailureDetails;
  private JsonValue policy;
  private PolicyDetailsJson policyMembers;
  private JsonValue summary;
  private JsonValue successful;
  private JsonValue failed;
  private JsonValue failureDetails;
  private int failureDetailsCount;
  private final List<FailureDetails> checkedFailures = new ArrayList<>();
  private long failedSessionSum;
  private final Problems failuresProblems = new Problems();

  private PolicyResultJson(ReportPath path, int maxFailureDetails) {
    this.path = path;
    this.maxFailureDetails = maxFailureDetails;
  }

  /**
   * The members of the object the parser is at, read to its end; unknown members skipped. {@code
   * path} is the entry's, e.g. {@code policies[3].}; {@code text} is the JSON text the parser
   * reads.
   */
  static PolicyResultJson read(
      JsonParser parser, ReportPath path, int maxFailureDetails, JsonText text) {
    PolicyResultJson entry = new PolicyResultJson(path, maxFailureDetails);
    Set<String> others = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      parser.nextToken();
      switch (name) {
        case "policy" ->
            entry.policy =
                first(
                    parser,
                    entry.policy,
                    JsonValue.readObject(
                        parser, p -> entry.policyMembers = PolicyDetailsJson.read(p, text)));
        case "summary" ->
            entry.summary =
                first(parser, entry.summary, JsonValue.readObject(parser, entry::readSummary));
        case "failure-details" ->
            entry.failureDetails =
                first(
                    parser,
                    entry.failureDetails,
                    JsonValue.readArray(parser, entry::readFailureDetails));
        default -> {
          others = UniqueNames.other(parser, others, name);
          JsonValue.skip(parser); // RFC 8460 expects the schema to grow
        }
      }
    }
    return entry;
  }

  private void readSummary(JsonParser parser) {
    Set<String> others = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      parser.nextToken();
      JsonValue value = JsonValue.read(parser);
      switch (name) {
        case "total-successful-session-count" -> successful = first(parser, successful, value);
        case "total-failure-session-count" -> failed = first(parser, failed, value);
        default -> others = UniqueNames.other(parser, others, name);
      }
    }
  }

  /** Checks each entry as it ends; past the limit, entries are only counted (and skipped). */
  private void readFailureDetails(JsonParser parser) {
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      int index = failureDetailsCount++;
      if (failureDetailsCount > maxFailureDetails) {
        JsonValue.skip(parser);
        continue;
      }
      ReportPath detailPath = path.element("failure-details", index);
      if (token != JsonToken.START_OBJECT) {
        failuresProblems.error("REPORT_WRONG_TYPE", detailPath + " must be an object");
        JsonValue.skip(parser);
        continue;
      }
      FailureDetails detail = FailureDetailsJson.read(parser).check(failuresProblems, detailPath);
      if (detail != null) {
        checkedFailures.add(detail);
        failedSessionSum = SessionCounts.add(failedSessionSum, detail.failedSessionCount());
      }
    }
  }

  /** The entry; null after an error. {@code json} reads a policy-string nested as JSON. */
  PolicyResult check(Problems problems, JsonFactory json) {
    PolicyDetails details = null;
    if (MemberChecks.isObject(problems, policy, path, "policy")) {
      details = policyMembers.check(problems, path.member("policy"), json);
    }
    Summary counts = checkSummary(problems);
    List<FailureDetails> failures = checkFailureDetails(problems, counts);
    if (details == null || counts == null) {
      return null;
    }
    return new PolicyResult(details, counts, failures);
  }

  private Summary checkSummary(Problems problems) {
    if (!MemberChecks.isObject(problems, summary, path, "summary")) {
      return null;
    }
    ReportPath summaryPath = path.member("summary");
    long successfulCount =
        MemberChecks.count(
            problems, successful, summaryPath, "total-successful-session-count", false);
    long failedCount =
        MemberChecks.count(problems, failed, summaryPath, "total-failure-session-count", false);
    if (successfulCount < 0 || failedCount < 0) {
      return null;
    }
    return new Summary(successfulCount, failedCount);
  }

  private List<FailureDetails> checkFailureDetails(Problems problems, Summary counts) {
    long failedCount = counts == null ? 0 : counts.totalFailureSessionCount();
    if (isAbsent(failureDetails)) {
      problems.warn(
          "REPORT_FAILURE_DETAILS_MISSING",
          path
              + "failure-details is absent"
              + (failedCount > 0 ? " for " + failedCount + " failed sessions" : ""));
      return List.of();
    }
    if (failureDetails != JsonValue.Kind.ARRAY) {
      problems.error("REPORT_WRONG_TYPE", path + "failure-details must be an array");
      return List.of();
    }
    if (failureDetailsCount > maxFailureDetails) {
      problems.error(
          "REPORT_TOO_MANY_FAILURE_DETAILS",
          path
              + "failure-details has "
              + failureDetailsCount
              + " entries, more than the limit of "
              + maxFailureDetails);
      return List.of();
    }
    if (failureDetailsCount == 0 && failedCount > 0) {
      problems.warn(
          "REPORT_FAILURE_DETAILS_MISSING",
          path + "failure-details is empty for " + failedCount + " failed sessions");
    }
    problems.addAll(failuresProblems);
    if (counts != null && failedSessionSum > failedCount) {
      problems.warn(
          "REPORT_FAILURE_COUNT_BELOW_DETAILS",
          path
              + "summary.total-failure-session-count "
              + failedCount
              + " is lower than the failure-details sum "
              + failedSessionSum);
    }
    return checkedFailures;
  }
}
