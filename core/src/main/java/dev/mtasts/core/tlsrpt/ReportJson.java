package dev.mtasts.core.tlsrpt;

import dev.mtasts.core.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Internal: the report JSON (RFC 8460 §4.4) to the model. Every error is collected; every tolerated
 * deviation of a real sender becomes a warning (docs/tlsrpt-reading.md lists them).
 */
final class ReportJson {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private final ReportReader.Limits limits;
  private final JsonMapper mapper;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings;

  private ReportJson(ReportReader.Limits limits, JsonMapper mapper, List<Problem> warnings) {
    this.limits = limits;
    this.mapper = mapper;
    this.warnings = warnings;
  }

  /**
   * The JSON reader bounded by these limits; thread-safe and costly to build, so a {@link
   * ReportReader} builds it once.
   */
  static JsonMapper mapperFor(ReportReader.Limits limits) {
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxJsonDepth())
            .maxStringLength(limits.maxStringLength())
            .maxNameLength(limits.maxStringLength())
            .maxDocumentLength(limits.maxDecompressedBytes())
            .maxNumberLength(64)
            .build();
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(constraints)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // I-JSON (RFC 7493 §2.3)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /** Whether the content starts like a JSON object (after optional whitespace). */
  static boolean looksLikeJson(byte[] data) {
    for (byte b : data) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{';
      }
    }
    return false;
  }

  /** Reads report JSON (RFC 8460 §4: I-JSON, so UTF-8) or throws every error found. */
  static Report parse(
      byte[] json, ReportReader.Limits limits, JsonMapper mapper, List<Problem> warnings)
      throws Rejection {
    return new ReportJson(limits, mapper, warnings).read(json);
  }

  private Report read(byte[] json) throws Rejection {
    checkUtf8(json);
    JsonNode root = tree(json);
    if (!root.isObject()) {
      throw new Rejection("REPORT_WRONG_TYPE", "the report must be a JSON object");
    }
    Report report = report(root);
    if (!errors.isEmpty() || report == null) {
      throw new Rejection(errors);
    }
    return report;
  }

  /**
   * Rejects bytes that are not UTF-8 (RFC 8460 §4: I-JSON, RFC 7493 §2.1) with a code of its own,
   * before Jackson reads them; ASCII, the usual report, is checked without decoding. A NUL byte in
   * the first four is refused too: JSON text never holds one (RFC 8259 §7), and there it would make
   * Jackson guess UTF-16 or UTF-32 (a later one Jackson refuses itself).
   */
  private static void checkUtf8(byte[] json) throws Rejection {
    for (int i = 0; i < Math.min(4, json.length); i++) {
      if (json[i] == 0) {
        throw new Rejection(
            "REPORT_NOT_JSON",
            "not valid JSON: a NUL byte (RFC 8259 §7; UTF-16 or UTF-32 is not UTF-8, RFC 8460 §4)");
      }
    }
    int highBits = 0;
    for (byte b : json) {
      highBits |= b; // no early exit, so the loop vectorises
    }
    if (highBits >= 0) {
      return;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(json));
    } catch (MalformedInputException e) {
      throw new Rejection(
          "REPORT_INVALID_UTF8", "the report is not valid UTF-8 (RFC 8460 §4 requires I-JSON)");
    } catch (CharacterCodingException e) {
      throw new Rejection("REPORT_INVALID_UTF8", "the report is not valid UTF-8");
    }
  }

  private JsonNode tree(byte[] json) throws Rejection {
    try {
      return mapper.readTree(json);
    } catch (StreamConstraintsException e) {
      throw new Rejection(
          List.of(
              at("REPORT_JSON_LIMIT", "the JSON exceeds a limit: " + e.getOriginalMessage(), e)));
    } catch (JacksonException e) {
      throw new Rejection(
          List.of(at("REPORT_NOT_JSON", "not valid JSON: " + e.getOriginalMessage(), e)));
    }
  }

  private static Problem at(String code, String message, JacksonException e) {
    TokenStreamLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return Problem.of(code, message);
    }
    return Problem.at(code, message, location.getLineNr(), Math.max(location.getColumnNr(), 0));
  }

  private Report report(JsonNode root) {
    String organization = requiredString(root, "organization-name", "");
    String reportId = requiredString(root, "report-id", "");
    Optional<String> contact = optionalString(root, "contact-info", "");
    if (contact.isEmpty()) {
      warn("REPORT_CONTACT_INFO_MISSING", "contact-info is absent or null");
    }
    Instant start = null;
    Instant end = null;
    JsonNode range = object(root, "date-range", "");
    if (range != null) {
      start = date(range, "start-datetime", "date-range.");
      end = date(range, "end-datetime", "date-range.");
      checkRange(start, end);
    }
    List<PolicyResult> policies = policies(root);
    if (organization == null || reportId == null || start == null || end == null) {
      return null;
    }
    return new Report(organization, start, end, contact, reportId, policies);
  }

  private void checkRange(Instant start, Instant end) {
    if (start == null || end == null) {
      return;
    }
    if (start.isAfter(end)) {
      error("REPORT_DATE_RANGE_INVERTED", "start-datetime " + start + " is after " + end);
    } else if (end.isAfter(start)
        && LocalTime.ofInstant(end, ZoneOffset.UTC).equals(LocalTime.MIDNIGHT)) {
      // RFC 8460 §4.1: a day is 00:00-24:00; senders write 24:00 as the next day's 00:00:00Z
      warn(
          "REPORT_END_NEXT_DAY",
          "end-datetime " + end + " is the next day's 00:00:00Z rather than 23:59:59Z");
    }
  }

  private List<PolicyResult> policies(JsonNode root) {
    JsonNode array = root.get("policies");
    if (array == null || array.isNull()) {
      error("REPORT_MISSING_FIELD", "policies is missing (RFC 8460 §4: it MUST be an array)");
      return List.of();
    }
    if (!array.isArray()) {
      error("REPORT_WRONG_TYPE", "policies must be an array (RFC 8460 §4)");
      return List.of();
    }
    if (array.size() > limits.maxPolicies()) {
      error(
          "REPORT_TOO_MANY_POLICIES",
          array.size() + " policies exceed the limit of " + limits.maxPolicies());
      return List.of();
    }
    if (array.isEmpty()) {
      warn("REPORT_NO_POLICIES", "policies is empty");
    }
    List<PolicyResult> results = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "policies[" + i + "].";
      JsonNode entry = array.get(i);
      if (!entry.isObject()) {
        error("REPORT_WRONG_TYPE", path + " must be an object");
        continue;
      }
      PolicyDetails policy = policy(entry, path);
      Summary summary = summary(entry, path);
      List<FailureDetails> failures = failures(entry, path, summary);
      if (policy != null && summary != null) {
        results.add(new PolicyResult(policy, summary, failures));
      }
    }
    return results;
  }

  private PolicyDetails policy(JsonNode entry, String prefix) {
    JsonNode policy = object(entry, "policy", prefix);
    if (policy == null) {
      return null;
    }
    String path = prefix + "policy.";
    String typeText = requiredString(policy, "policy-type", path);
    if (typeText == null) {
      return null;
    }
    PolicyType type = new PolicyType(typeText);
    if (!type.isKnown()) {
      warn(
          "REPORT_POLICY_TYPE_UNKNOWN",
          path + "policy-type \"" + typeText + "\" is not in RFC 8460");
    }
    boolean needsPolicy = type.equals(PolicyType.STS) || type.equals(PolicyType.TLSA);
    List<String> policyString = policyString(policy, path, needsPolicy);
    Optional<String> domain = optionalString(policy, "policy-domain", path);
    if (domain.isEmpty()) {
      warn("REPORT_POLICY_DOMAIN_MISSING", path + "policy-domain is absent");
    }
    List<String> mxHost = mxHost(policy, path, type.equals(PolicyType.STS));
    return new PolicyDetails(type, policyString, domain, mxHost);
  }

  private List<String> policyString(JsonNode policy, String path, boolean expected) {
    JsonNode node = policy.get("policy-string");
    if (node == null || node.isNull()) {
      if (expected) {
        warn("REPORT_POLICY_STRING_MISSING", path + "policy-string is absent");
      }
      return List.of();
    }
    List<String> lines = stringList(node, path, "policy-string", "REPORT_POLICY_STRING_NOT_ARRAY");
    // Seen from a large provider: the TLSA RRset as one string holding a JSON array.
    if (lines.size() == 1 && lines.getFirst().strip().startsWith("[")) {
      Optional<List<String>> nested = nestedStrings(lines.getFirst());
      if (nested.isPresent()) {
        warn(
            "REPORT_POLICY_STRING_NESTED_JSON",
            path + "policy-string holds one string with a JSON array; read as that array");
        return nested.get();
      }
    }
    return lines;
  }

  /**
   * The strings of a JSON array of strings held in a string, or empty when it is anything else;
   * read as a token stream, without a tree.
   */
  private Optional<List<String>> nestedStrings(String text) {
    try (JsonParser parser = mapper.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return Optional.empty();
      }
      List<String> values = new ArrayList<>();
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_ARRAY;
          token = parser.nextToken()) {
        if (token != JsonToken.VALUE_STRING) {
          return Optional.empty();
        }
        values.add(parser.getString());
      }
      return parser.nextToken() == null ? Optional.of(List.copyOf(values)) : Optional.empty();
    } catch (JacksonException e) {
      return Optional.empty(); // not JSON after all: kept as the one string the sender wrote
    }
  }

  private List<String> mxHost(JsonNode policy, String path, boolean expected) {
    // RFC 8460 erratum: the schema's key is "mx-host", the prose says "mx-host-pattern".
    JsonNode node = aliased(policy, "mx-host", "mx-host-pattern", path);
    if (node == null || node.isNull()) {
      if (expected) {
        warn("REPORT_MX_HOST_MISSING", path + "mx-host is absent");
      }
      return List.of();
    }
    List<String> hosts = new ArrayList<>();
    for (String host : stringList(node, path, "mx-host", "REPORT_MX_HOST_NOT_ARRAY")) {
      if (host.regionMatches(true, 0, "mx:", 0, 3)) {
        warn(
            "REPORT_MX_HOST_PREFIXED",
            path + "mx-host \"" + host + "\" carries the policy's \"mx:\" key");
        host = host.substring(3).strip();
      }
      hosts.add(host);
    }
    return hosts;
  }

  private Summary summary(JsonNode entry, String prefix) {
    JsonNode summary = object(entry, "summary", prefix);
    if (summary == null) {
      return null;
    }
    String path = prefix + "summary.";
    long successful = count(summary, "total-successful-session-count", path, false);
    long failed = count(summary, "total-failure-session-count", path, false);
    if (successful < 0 || failed < 0) {
      return null;
    }
    return new Summary(successful, failed);
  }

  private List<FailureDetails> failures(JsonNode entry, String prefix, Summary summary) {
    JsonNode array = entry.get("failure-details");
    long failed = summary == null ? 0 : summary.totalFailureSessionCount();
    if (array == null || array.isNull()) {
      warn(
          "REPORT_FAILURE_DETAILS_MISSING",
          prefix
              + "failure-details is absent"
              + (failed > 0 ? " for " + failed + " failed sessions" : ""));
      return List.of();
    }
    if (!array.isArray()) {
      error("REPORT_WRONG_TYPE", prefix + "failure-details must be an array");
      return List.of();
    }
    if (array.size() > limits.maxFailureDetailsPerPolicy()) {
      error(
          "REPORT_TOO_MANY_FAILURE_DETAILS",
          prefix
              + "failure-details has "
              + array.size()
              + " entries, more than the limit of "
              + limits.maxFailureDetailsPerPolicy());
      return List.of();
    }
    if (array.isEmpty() && failed > 0) {
      warn(
          "REPORT_FAILURE_DETAILS_MISSING",
          prefix + "failure-details is empty for " + failed + " failed sessions");
    }
    List<FailureDetails> details = new ArrayList<>();
    long sum = 0;
    for (int i = 0; i < array.size(); i++) {
      FailureDetails detail = failure(array.get(i), prefix + "failure-details[" + i + "].");
      if (detail != null) {
        details.add(detail);
        sum += detail.failedSessionCount();
      }
    }
    if (summary != null && sum > failed) {
      warn(
          "REPORT_FAILURE_COUNT_BELOW_DETAILS",
          prefix
              + "summary.total-failure-session-count "
              + failed
              + " is lower than the failure-details sum "
              + sum);
    }
    return details;
  }

  private FailureDetails failure(JsonNode detail, String path) {
    if (!detail.isObject()) {
      error("REPORT_WRONG_TYPE", path + " must be an object");
      return null;
    }
    String typeText = requiredString(detail, "result-type", path);
    long count = count(detail, "failed-session-count", path, true);
    Optional<String> sendingIp = optionalString(detail, "sending-mta-ip", path);
    if (sendingIp.isEmpty()) {
      warn("REPORT_SENDING_MTA_IP_MISSING", path + "sending-mta-ip is absent");
    }
    Optional<String> mxHostname = optionalString(detail, "receiving-mx-hostname", path);
    if (mxHostname.isEmpty()) {
      warn("REPORT_RECEIVING_MX_HOSTNAME_MISSING", path + "receiving-mx-hostname is absent");
    }
    Optional<String> helo = optionalString(detail, "receiving-mx-helo", path);
    Optional<String> receivingIp = optionalString(detail, "receiving-ip", path);
    // RFC 8460 erratum: the schema's key is "additional-information", the prose
    // "additional-info-uri".
    JsonNode info = aliased(detail, "additional-information", "additional-info-uri", path);
    Optional<String> additional = Optional.empty();
    if (info != null && !info.isNull()) {
      additional = stringValue(info, path, "additional-information");
    }
    Optional<String> reason = optionalString(detail, "failure-reason-code", path);
    if (typeText == null || count < 0) {
      return null;
    }
    ResultType type = new ResultType(typeText);
    if (!type.isKnown()) {
      warn(
          "REPORT_RESULT_TYPE_UNKNOWN",
          path + "result-type \"" + typeText + "\" is not in RFC 8460");
    }
    return new FailureDetails(
        type, sendingIp, mxHostname, helo, receivingIp, count, additional, reason);
  }

  // --- field access -------------------------------------------------------------------------

  private JsonNode aliased(JsonNode object, String key, String alias, String path) {
    JsonNode node = object.get(key);
    if (node == null && object.get(alias) != null) {
      warn(
          "REPORT_PROSE_KEY_NAME",
          path + alias + " is the RFC 8460 prose name; the schema block names it " + key);
      return object.get(alias);
    }
    return node;
  }

  private JsonNode object(JsonNode parent, String key, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      error("REPORT_MISSING_FIELD", path + key + " is missing");
      return null;
    }
    if (!node.isObject()) {
      error("REPORT_WRONG_TYPE", path + key + " must be an object");
      return null;
    }
    return node;
  }

  private String requiredString(JsonNode object, String key, String path) {
    JsonNode node = object.get(key);
    if (node == null || node.isNull()) {
      error("REPORT_MISSING_FIELD", path + key + " is missing");
      return null;
    }
    return stringValue(node, path, key).orElse(null);
  }

  private Optional<String> optionalString(JsonNode object, String key, String path) {
    JsonNode node = object.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return stringValue(node, path, key);
  }

  /** The string at {@code path + key}; the path is only built for the error. */
  private Optional<String> stringValue(JsonNode node, String path, String key) {
    if (!node.isString()) {
      error("REPORT_WRONG_TYPE", path + key + " must be a string");
      return Optional.empty();
    }
    return Optional.of(node.stringValue());
  }

  private List<String> stringList(JsonNode node, String path, String key, String notArrayCode) {
    if (node.isString()) {
      warn(notArrayCode, path + key + " is a string; RFC 8460 §4.4 makes it an array of strings");
      return List.of(node.stringValue());
    }
    if (!node.isArray()) {
      error("REPORT_WRONG_TYPE", path + key + " must be an array of strings");
      return List.of();
    }
    List<String> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode value = node.get(i);
      if (value.isString()) {
        values.add(value.stringValue());
      } else {
        error("REPORT_WRONG_TYPE", path + key + "[" + i + "] must be a string");
      }
    }
    return values;
  }

  /** A session count (RFC 8460 §4.4: an integer JSON number); -1 after an error. */
  private long count(JsonNode object, String key, String path, boolean required) {
    JsonNode node = object.get(key);
    if (node == null || node.isNull()) {
      if (required) {
        error("REPORT_MISSING_FIELD", path + key + " is missing");
        return -1;
      }
      warn("REPORT_COUNT_MISSING", path + key + " is absent; read as 0");
      return 0;
    }
    if (node.isString() && DIGITS.matcher(node.stringValue()).matches()) {
      warn("REPORT_NUMBER_AS_STRING", path + key + " is a string; RFC 8460 §4.4 makes it a number");
      return Long.parseLong(node.stringValue());
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      error("REPORT_WRONG_TYPE", path + key + " must be a whole number");
      return -1;
    }
    if (node.longValue() < 0) {
      error("REPORT_INVALID_VALUE", path + key + " is negative");
      return -1;
    }
    return node.longValue();
  }

  /** An RFC 3339 date-time (RFC 8460 §4.4); without a zone it is read as UTC, with a warning. */
  private Instant date(JsonNode range, String key, String path) {
    String text = requiredString(range, key, path);
    if (text == null) {
      return null;
    }
    Instant plain = plainUtc(text);
    if (plain != null) {
      return plain;
    }
    try {
      return OffsetDateTime.parse(
              text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException withZone) {
      try {
        Instant instant =
            LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .toInstant(ZoneOffset.UTC);
        warn(
            "REPORT_DATE_WITHOUT_ZONE",
            path + key + " \"" + text + "\" has no time zone; read as UTC");
        return instant;
      } catch (DateTimeParseException withoutZone) {
        error("REPORT_INVALID_DATE", path + key + " \"" + text + "\" is not an RFC 3339 date-time");
        return null;
      }
    }
  }

  /**
   * The form every real sender writes, {@code 2024-09-13T00:00:00Z}, read without a {@link
   * DateTimeFormatter} (the costliest step of reading a small report); null for any other form,
   * which the formatter then reads. Out-of-range fields are null too, as the formatter rejects
   * them.
   */
  private static Instant plainUtc(String text) {
    if (text.length() != 20
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) != 'T' && text.charAt(10) != 't')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (text.charAt(19) != 'Z' && text.charAt(19) != 'z')) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // e.g. February 30: the formatter reports it
    }
  }

  /** The decimal number in {@code text[from, from + count)}, or -1 if any is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private void error(String code, String message) {
    errors.add(Problem.of(code, message));
  }

  private void warn(String code, String message) {
    warnings.add(Problem.of(code, message));
  }
}
