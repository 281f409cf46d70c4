package dev.mtasts.app.sending.collect;

import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one libtlsrpt 0.5 datagram (protocol version {@code dpv} 1), one JSON object per delivery
 * request: {@code {"dpv":"1","d":DOMAIN,"pr":RECORD,"policies":[{"policy-type":1|2|9,
 * "policy-domain","policy-string":[..],"mx-host":[..],"failure-details":[{"c":CODE,"s","n","h",
 * "r","a","f"}],"t":FAILURES,"f":0|1}]}}. Every key but {@code d}, {@code policies} and {@code
 * policy-type} may be missing.
 *
 * <p>Counting (RFC 8460 §4.4 counts TLS connections): each failure detail is one failed session; a
 * policy finished with {@code f} 0 ({@code TLSRPT_FINAL_SUCCESS}) is one more, successful, one;
 * {@code f} 1 ({@code TLSRPT_FINAL_FAILURE}) without any detail is one failed session of type
 * {@code validation-failure} ("a reason not matching a category above", RFC 8460 §4.3.1). Postfix
 * 3.10+ sends one datagram per handshake, with one detail and {@code f} 1, or none and {@code f} 0,
 * so this counts exactly its handshakes. {@code t} (the library's count of details) and {@code pr}
 * are not needed: the details are counted, and the record is looked up again when sending.
 */
final class LibtlsrptDatagram {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private LibtlsrptDatagram() {}

  /** What a datagram held: the handshakes, or why it is not a datagram we can count. */
  sealed interface Reading {}

  record Handshakes(List<HandshakeResult> results) implements Reading {
    Handshakes {
      results = List.copyOf(results);
    }
  }

  /**
   * @param code a stable reason code ({@code NOT_JSON}, {@code NOT_AN_OBJECT}, {@code
   *     PROTOCOL_VERSION}, {@code DOMAIN}, {@code POLICIES}, {@code POLICY_TYPE}, {@code
   *     FAILURE_CODE}, {@code FIELD_TYPE})
   * @param detail what exactly, for people
   */
  record Invalid(String code, String detail) implements Reading {}

  private static final class InvalidDatagram extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    InvalidDatagram(String code, String detail) {
      super(detail, null, false, false);
      this.code = code;
    }
  }

  /** Reads {@code bytes[0..length)}, received at {@code at}. */
  static Reading read(byte[] bytes, int length, Instant at) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes, 0, length);
    } catch (JacksonException e) {
      return new Invalid("NOT_JSON", e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      return new Invalid("NOT_JSON", "an empty datagram");
    }
    try {
      return new Handshakes(handshakes(root, at));
    } catch (InvalidDatagram e) {
      return new Invalid(e.code, e.getMessage());
    }
  }

  private static List<HandshakeResult> handshakes(JsonNode root, Instant at)
      throws InvalidDatagram {
    if (!root.isObject()) {
      throw new InvalidDatagram("NOT_AN_OBJECT", "the datagram is not a JSON object");
    }
    JsonNode version = root.get("dpv");
    if (version != null && !(version.isString() && version.stringValue().equals("1"))) {
      throw new InvalidDatagram(
          "PROTOCOL_VERSION", "datagram protocol version " + version + ", only \"1\" is known");
    }
    String domain =
        domain(string(root, "d").orElseThrow(() -> new InvalidDatagram("DOMAIN", "no \"d\"")));
    JsonNode policies = root.get("policies");
    if (policies == null || !policies.isArray() || policies.isEmpty()) {
      throw new InvalidDatagram("POLICIES", "no \"policies\" array with a policy");
    }
    List<HandshakeResult> results = new ArrayList<>();
    for (JsonNode policy : policies) {
      if (!policy.isObject()) {
        throw new InvalidDatagram("FIELD_TYPE", "a policy is not an object");
      }
      results.addAll(policyResults(domain, policy, at));
    }
    return results;
  }

  private static List<HandshakeResult> policyResults(String domain, JsonNode policy, Instant at)
      throws InvalidDatagram {
    JsonNode type = policy.get("policy-type");
    if (type == null || !type.canConvertToInt() || !type.isIntegralNumber()) {
      throw new InvalidDatagram("POLICY_TYPE", "no numeric \"policy-type\"");
    }
    PolicyType policyType =
        FailureCode.policyType(type.intValue())
            .orElseThrow(
                () -> new InvalidDatagram("POLICY_TYPE", "unknown policy-type " + type.intValue()));
    // RFC 8460 §4.4: policy-domain is required in a report; Postfix leaves it out for
    // no-policy-found, where it is the recipient domain itself.
    Optional<String> policyDomain = string(policy, "policy-domain");
    PolicyDetails details =
        new PolicyDetails(
            policyType,
            strings(policy, "policy-string"),
            Optional.of(policyDomain.isPresent() ? domain(policyDomain.get()) : domain),
            strings(policy, "mx-host"));
    List<HandshakeResult> results = new ArrayList<>();
    JsonNode failures = policy.get("failure-details");
    if (failures != null && !failures.isArray()) {
      throw new InvalidDatagram("FIELD_TYPE", "\"failure-details\" is not an array");
    }
    if (failures != null) {
      for (JsonNode failure : failures) {
        results.add(new HandshakeResult(at, domain, details, Optional.of(failure(failure))));
      }
    }
    JsonNode finalResult = policy.get("f");
    if (finalResult != null && !(finalResult.isIntegralNumber() && finalResult.canConvertToInt())) {
      throw new InvalidDatagram("FIELD_TYPE", "\"f\" is not 0 or 1");
    }
    boolean failed = finalResult != null && finalResult.intValue() != 0;
    if (!failed) {
      results.add(new HandshakeResult(at, domain, details, Optional.empty()));
    } else if (results.isEmpty()) {
      results.add(
          new HandshakeResult(
              at,
              domain,
              details,
              Optional.of(
                  new FailureDetails(
                      ResultType.VALIDATION_FAILURE,
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      1,
                      Optional.empty(),
                      Optional.empty()))));
    }
    return results;
  }

  private static FailureDetails failure(JsonNode failure) throws InvalidDatagram {
    if (!failure.isObject()) {
      throw new InvalidDatagram("FIELD_TYPE", "a failure detail is not an object");
    }
    JsonNode code = failure.get("c");
    if (code == null || !code.isIntegralNumber() || !code.canConvertToInt()) {
      throw new InvalidDatagram("FAILURE_CODE", "a failure detail has no numeric \"c\"");
    }
    ResultType type =
        FailureCode.resultType(code.intValue())
            .orElseThrow(() -> new InvalidDatagram("FAILURE_CODE", "unknown failure code " + code));
    return new FailureDetails(
        type,
        string(failure, "s"),
        string(failure, "n"),
        string(failure, "h"),
        string(failure, "r"),
        1,
        string(failure, "a"),
        string(failure, "f"));
  }

  private static String domain(String name) throws InvalidDatagram {
    return switch (Domain.parse(name)) {
      case ParseResult.Ok<Domain> ok -> ok.value().ascii();
      case ParseResult.Err<Domain> err ->
          throw new InvalidDatagram("DOMAIN", "not a domain name: " + name);
    };
  }

  private static Optional<String> string(JsonNode object, String key) throws InvalidDatagram {
    JsonNode value = object.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isString()) {
      throw new InvalidDatagram("FIELD_TYPE", "\"" + key + "\" is not a string");
    }
    return Optional.of(value.stringValue());
  }

  private static List<String> strings(JsonNode object, String key) throws InvalidDatagram {
    JsonNode value = object.get(key);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new InvalidDatagram("FIELD_TYPE", "\"" + key + "\" is not an array");
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isString()) {
        throw new InvalidDatagram("FIELD_TYPE", "\"" + key + "\" holds a non-string");
      }
      strings.add(element.stringValue());
    }
    return strings;
  }
}
