package dev.mtasts.core.tlsrpt;

import static dev.mtasts.core.tlsrpt.MemberChecks.optionalString;
import static dev.mtasts.core.tlsrpt.UniqueNames.first;

import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JsonParser;

/** Internal: one entry of {@code failure-details} (RFC 8460 §4.4), from the token stream. */
final class FailureDetailsJson {

  private JsonValue resultType;
  private JsonValue failedSessionCount;
  private JsonValue sendingMtaIp;
  private JsonValue receivingMxHostname;
  private JsonValue receivingMxHelo;
  private JsonValue receivingIp;
  private JsonValue additionalInformation;
  private JsonValue additionalInfoUri;
  private JsonValue failureReasonCode;

  private FailureDetailsJson() {}

  /** The members of the object the parser is at, read to its end; unknown members skipped. */
  static FailureDetailsJson read(JsonParser parser) {
    FailureDetailsJson members = new FailureDetailsJson();
    Set<String> others = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      parser.nextToken();
      JsonValue value = JsonValue.read(parser);
      switch (name) {
        case "result-type" -> members.resultType = first(parser, members.resultType, value);
        case "failed-session-count" ->
            members.failedSessionCount = first(parser, members.failedSessionCount, value);
        case "sending-mta-ip" -> members.sendingMtaIp = first(parser, members.sendingMtaIp, value);
        case "receiving-mx-hostname" ->
            members.receivingMxHostname = first(parser, members.receivingMxHostname, value);
        case "receiving-mx-helo" ->
            members.receivingMxHelo = first(parser, members.receivingMxHelo, value);
        case "receiving-ip" -> members.receivingIp = first(parser, members.receivingIp, value);
        case "additional-information" ->
            members.additionalInformation = first(parser, members.additionalInformation, value);
        case "additional-info-uri" ->
            members.additionalInfoUri = first(parser, members.additionalInfoUri, value);
        case "failure-reason-code" ->
            members.failureReasonCode = first(parser, members.failureReasonCode, value);
        default -> others = UniqueNames.other(parser, others, name); // the schema may grow
      }
    }
    return members;
  }

  /** The entry at {@code path}; null after an error. */
  FailureDetails check(Problems problems, ReportPath path) {
    String typeText = MemberChecks.requiredString(problems, resultType, path, "result-type");
    long count =
        MemberChecks.count(problems, failedSessionCount, path, "failed-session-count", true);
    Optional<String> sendingIp = optionalString(problems, sendingMtaIp, path, "sending-mta-ip");
    if (sendingIp.isEmpty()) {
      problems.warn("REPORT_SENDING_MTA_IP_MISSING", path + "sending-mta-ip is absent");
    }
    Optional<String> mxHostname =
        optionalString(problems, receivingMxHostname, path, "receiving-mx-hostname");
    if (mxHostname.isEmpty()) {
      problems.warn(
          "REPORT_RECEIVING_MX_HOSTNAME_MISSING", path + "receiving-mx-hostname is absent");
    }
    Optional<String> helo = optionalString(problems, receivingMxHelo, path, "receiving-mx-helo");
    Optional<String> receiving = optionalString(problems, receivingIp, path, "receiving-ip");
    // RFC 8460 erratum: the schema's key is "additional-information", the prose
    // "additional-info-uri".
    JsonValue info =
        MemberChecks.aliased(
            problems,
            additionalInformation,
            additionalInfoUri,
            path,
            "additional-information",
            "additional-info-uri");
    Optional<String> additional = optionalString(problems, info, path, "additional-information");
    Optional<String> reason =
        optionalString(problems, failureReasonCode, path, "failure-reason-code");
    if (typeText == null || count < 0) {
      return null;
    }
    ResultType type = new ResultType(typeText);
    if (!type.isKnown()) {
      problems.warn(
          "REPORT_RESULT_TYPE_UNKNOWN",
          path + "result-type \"" + typeText + "\" is not in RFC 8460");
    }
    return new FailureDetails(
        type, sendingIp, mxHostname, helo, receiving, count, additional, reason);
  }
}
