package dev.mtasts.app.resolver;

import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The name=value attributes Postfix 3.10+ reads from an MTA-STS policy-map answer to fill its TLS
 * reports (RFC 8460 §4.4 {@code policy-type}, {@code policy-domain}, {@code policy-string}, {@code
 * mx-host}): {@code policy_type=sts policy_domain=D}, one {@code mx_host_pattern=P} per {@code mx}
 * line as written, then one {@code { policy_string = LINE }} per policy line, braces protecting the
 * whitespace inside a line (Postfix TLSRPT_README, "MTA-STS Support via smtp_tls_policy_maps").
 *
 * <p>postfix-mta-sts-resolver 1.5.0 writes the first three in the same order and no {@code
 * policy_string}; its reports then carry an empty policy. {@code policy_failure} is never written:
 * it forces delivery to fail, while a policy we answer with is one RFC 8461 §5 says to apply.
 */
final class TlsrptAttributes {

  private TlsrptAttributes() {}

  /** The attributes for {@code domain}'s {@code policy}, each preceded by a space. */
  static String of(String domain, Policy policy) {
    return of(domain, policy, Integer.MAX_VALUE);
  }

  /**
   * The attributes in at most {@code maxBytes} UTF-8 bytes, so that a huge policy cannot push the
   * answer past Postfix's socketmap limit: all of them, else without the {@code policy_string}s
   * (only report detail), else none.
   */
  static String of(String domain, Policy policy, int maxBytes) {
    StringBuilder out = new StringBuilder(" policy_type=sts policy_domain=").append(domain);
    for (MxPattern pattern : policy.mx()) {
      out.append(" mx_host_pattern=").append(pattern.pattern());
    }
    String withoutStrings = out.toString();
    for (String line : policyStrings(policy)) {
      out.append(" { policy_string = ").append(line).append(" }");
    }
    for (String attributes : List.of(out.toString(), withoutStrings)) {
      if (attributes.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
        return attributes;
      }
    }
    return "";
  }

  /**
   * RFC 8460 §4.4: the policy's lines, one string each. Postfix drops the whitespace around a
   * braced value, and a brace inside one would end it early or unbalance the whole answer (an
   * extension value may contain braces, RFC 8461 §3.2), so such lines are left out rather than
   * break the answer.
   */
  static List<String> policyStrings(Policy policy) {
    List<String> lines = new ArrayList<>();
    for (String line : policy.toText().split("\r\n")) {
      String text = line.strip();
      if (!text.isEmpty() && text.indexOf('{') < 0 && text.indexOf('}') < 0) {
        lines.add(text);
      }
    }
    return List.copyOf(lines);
  }
}
