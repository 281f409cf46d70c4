package dev.mtasts.app.sending.aggregate;

import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical text of a policy and of a failure detail: the aggregation's keys, so that the same
 * policy and the same failure always count together, however a source wrote them.
 *
 * <p>A policy (RFC 8460 §4.4, §4.5) is {@code {"type":T,"strings":[...],"mx":[...]}}:
 *
 * <ul>
 *   <li>{@code sts}: each {@code policy-string} line stripped of surrounding white space and CR,
 *       its {@code key:value} written {@code key: value}; empty lines dropped, identical lines kept
 *       once; ordered {@code version}, {@code mode}, {@code mx} lines, {@code max_age}, then any
 *       other line, each group by text. So the order of a policy's lines cannot split its counts.
 *   <li>{@code tlsa}: each RDATA's four fields single-spaced, the hex data in upper case (RFC 6698
 *       §2.2 presentation format), sorted, identical ones once.
 *   <li>{@code no-policy-found}: no strings.
 *   <li>{@code mx-host}: lower case, trailing dot removed, sorted, identical ones once.
 * </ul>
 *
 * <p>A failure detail is its RFC 8460 §4.4 members in the schema's order without {@code
 * failed-session-count}, host names in lower case without a trailing dot, absent ones left out.
 */
public final class CanonicalPolicy {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> STS_ORDER = List.of("version", "mode", "mx", "max_age");

  private CanonicalPolicy() {}

  /** The canonical text of {@code policy} (see the class comment). */
  public static String of(PolicyDetails policy) {
    PolicyDetails c = canonical(policy);
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", c.policyType().value());
    map.put("strings", c.policyString());
    map.put("mx", c.mxHost());
    return JSON.writeValueAsString(map);
  }

  /** The policy a canonical text stands for, with {@code policyDomain}. */
  public static PolicyDetails parse(String canonical, String policyDomain) {
    JsonNode node = JSON.readTree(canonical);
    return new PolicyDetails(
        new PolicyType(node.get("type").asString()),
        strings(node.get("strings")),
        Optional.of(policyDomain),
        strings(node.get("mx")));
  }

  /** {@code policy} in canonical form. */
  static PolicyDetails canonical(PolicyDetails policy) {
    PolicyType type = policy.policyType();
    List<String> lines;
    if (type.equals(PolicyType.STS)) {
      lines = stsLines(policy.policyString());
    } else if (type.equals(PolicyType.TLSA)) {
      lines =
          new ArrayList<>(
              new TreeSet<>(
                  policy.policyString().stream()
                      .map(CanonicalPolicy::tlsa)
                      .filter(s -> !s.isEmpty())
                      .toList()));
    } else if (type.equals(PolicyType.NO_POLICY_FOUND)) {
      lines = List.of();
    } else {
      lines = policy.policyString().stream().map(String::strip).toList();
    }
    List<String> mx =
        new ArrayList<>(
            new TreeSet<>(
                policy.mxHost().stream()
                    .map(CanonicalPolicy::host)
                    .filter(h -> !h.isEmpty())
                    .toList()));
    return new PolicyDetails(type, lines, policy.policyDomain(), mx);
  }

  private static List<String> stsLines(List<String> given) {
    TreeSet<String> unique = new TreeSet<>();
    for (String line : given) {
      String l = line.strip();
      int colon = l.indexOf(':');
      if (colon > 0) {
        l = l.substring(0, colon).strip() + ": " + l.substring(colon + 1).strip();
      }
      if (!l.isEmpty()) {
        unique.add(l);
      }
    }
    List<String> lines = new ArrayList<>(unique);
    lines.sort(Comparator.comparingInt(CanonicalPolicy::stsRank)); // stable: text order within
    return lines;
  }

  private static int stsRank(String line) {
    int colon = line.indexOf(':');
    String key = colon < 0 ? line : line.substring(0, colon);
    int rank = STS_ORDER.indexOf(key);
    return rank < 0 ? STS_ORDER.size() : rank;
  }

  private static String tlsa(String rdata) {
    String[] fields = rdata.strip().split("\\s+");
    if (fields.length < 4) {
      return String.join(" ", fields);
    }
    StringBuilder data = new StringBuilder();
    for (int i = 3; i < fields.length; i++) {
      data.append(fields[i]);
    }
    return fields[0]
        + " "
        + fields[1]
        + " "
        + fields[2]
        + " "
        + data.toString().toUpperCase(Locale.ROOT);
  }

  private static String host(String name) {
    String h = name.strip().toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** The canonical text of a failure detail (its count left out). */
  public static String of(FailureDetails failure) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("result-type", failure.resultType().value());
    failure.sendingMtaIp().ifPresent(v -> map.put("sending-mta-ip", v.strip()));
    failure.receivingMxHostname().ifPresent(v -> map.put("receiving-mx-hostname", host(v)));
    failure.receivingMxHelo().ifPresent(v -> map.put("receiving-mx-helo", host(v)));
    failure.receivingIp().ifPresent(v -> map.put("receiving-ip", v.strip()));
    failure.additionalInformation().ifPresent(v -> map.put("additional-information", v));
    failure.failureReasonCode().ifPresent(v -> map.put("failure-reason-code", v));
    return JSON.writeValueAsString(map);
  }

  /** The failure detail a canonical text stands for, with {@code sessions} failed sessions. */
  public static FailureDetails parseFailure(String canonical, long sessions) {
    JsonNode node = JSON.readTree(canonical);
    return new FailureDetails(
        new ResultType(node.get("result-type").asString()),
        member(node, "sending-mta-ip"),
        member(node, "receiving-mx-hostname"),
        member(node, "receiving-mx-helo"),
        member(node, "receiving-ip"),
        sessions,
        member(node, "additional-information"),
        member(node, "failure-reason-code"));
  }

  private static Optional<String> member(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asString());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asString()));
    }
    return out;
  }
}
