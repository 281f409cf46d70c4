package dev.mtasts.core.tlsrpt;

import static dev.mtasts.core.tlsrpt.JsonValue.isAbsent;
import static dev.mtasts.core.tlsrpt.UniqueNames.first;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.json.JsonFactory;

/** Internal: the {@code policy} object of a report entry (RFC 8460 §4.4), from the token stream. */
final class PolicyDetailsJson {

  private JsonValue policyType;
  private JsonValue policyString;
  private JsonValue policyDomain;
  private JsonValue mxHost;
  private JsonValue mxHostPattern;

  private PolicyDetailsJson() {}

  /**
   * The members of the object the parser is at, read to its end; unknown members skipped. {@code
   * text} is the JSON text the parser reads.
   */
  static PolicyDetailsJson read(JsonParser parser, JsonText text) {
    PolicyDetailsJson members = new PolicyDetailsJson();
    Set<String> others = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      parser.nextToken();
      switch (name) {
        case "policy-type" ->
            members.policyType = first(parser, members.policyType, JsonValue.read(parser));
        case "policy-string" ->
            members.policyString = first(parser, members.policyString, text.policyString(parser));
        case "policy-domain" ->
            members.policyDomain = first(parser, members.policyDomain, JsonValue.read(parser));
        case "mx-host" ->
            members.mxHost = first(parser, members.mxHost, JsonValue.readStrings(parser));
        case "mx-host-pattern" ->
            members.mxHostPattern =
                first(parser, members.mxHostPattern, JsonValue.readStrings(parser));
        default -> {
          others = UniqueNames.other(parser, others, name);
          JsonValue.skip(parser); // RFC 8460 expects the schema to grow
        }
      }
    }
    return members;
  }

  /**
   * The policy at {@code path}; null after an error. {@code json} reads the TLSA {@code
   * policy-string} some senders write as one string holding a JSON array.
   */
  PolicyDetails check(Problems problems, ReportPath path, JsonFactory json) {
    String typeText = MemberChecks.requiredString(problems, policyType, path, "policy-type");
    if (typeText == null) {
      return null;
    }
    PolicyType type = new PolicyType(typeText);
    if (!type.isKnown()) {
      problems.warn(
          "REPORT_POLICY_TYPE_UNKNOWN",
          path + "policy-type \"" + typeText + "\" is not in RFC 8460");
    }
    boolean needsPolicy = type.equals(PolicyType.STS) || type.equals(PolicyType.TLSA);
    List<String> lines = policyString(problems, path, needsPolicy, json);
    Optional<String> domain =
        MemberChecks.optionalString(problems, policyDomain, path, "policy-domain");
    if (domain.isEmpty()) {
      problems.warn("REPORT_POLICY_DOMAIN_MISSING", path + "policy-domain is absent");
    }
    List<String> hosts = mxHost(problems, path, type.equals(PolicyType.STS));
    return new PolicyDetails(type, lines, domain, hosts);
  }

  private List<String> policyString(
      Problems problems, ReportPath path, boolean expected, JsonFactory json) {
    if (policyString instanceof JsonValue.NestedArray(List<String> values)) {
      warnNested(problems, path);
      return values;
    }
    if (isAbsent(policyString)) {
      if (expected) {
        problems.warn("REPORT_POLICY_STRING_MISSING", path + "policy-string is absent");
      }
      return List.of();
    }
    List<String> lines =
        MemberChecks.stringList(
            problems, policyString, path, "policy-string", "REPORT_POLICY_STRING_NOT_ARRAY");
    // Seen from a large provider: the TLSA RRset as one string holding a JSON array.
    if (lines.size() == 1 && lines.getFirst().strip().startsWith("[")) {
      Optional<List<String>> nested = NestedStrings.read(lines.getFirst(), json);
      if (nested.isPresent()) {
        warnNested(problems, path);
        return nested.get();
      }
    }
    return lines;
  }

  private static void warnNested(Problems problems, ReportPath path) {
    problems.warn(
        "REPORT_POLICY_STRING_NESTED_JSON",
        path + "policy-string holds one string with a JSON array; read as that array");
  }

  private List<String> mxHost(Problems problems, ReportPath path, boolean expected) {
    // RFC 8460 erratum: the schema's key is "mx-host", the prose says "mx-host-pattern".
    JsonValue value =
        MemberChecks.aliased(problems, mxHost, mxHostPattern, path, "mx-host", "mx-host-pattern");
    if (isAbsent(value)) {
      if (expected) {
        problems.warn("REPORT_MX_HOST_MISSING", path + "mx-host is absent");
      }
      return List.of();
    }
    List<String> hosts = new ArrayList<>();
    for (String host :
        MemberChecks.stringList(problems, value, path, "mx-host", "REPORT_MX_HOST_NOT_ARRAY")) {
      if (host.regionMatches(true, 0, "mx:", 0, 3)) {
        problems.warn(
            "REPORT_MX_HOST_PREFIXED",
            path + "mx-host \"" + host + "\" carries the policy's \"mx:\" key");
        host = host.substring(3).strip();
      }
      hosts.add(host);
    }
    return hosts;
  }
}
