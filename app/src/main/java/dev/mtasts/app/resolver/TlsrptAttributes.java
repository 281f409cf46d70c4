package dev.mtasts.app.resolver;

import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The name=value attributes Postfix 3.10+ reads from an MTA-STS policy-map answer to fill its TLS
 * reports (RFC 8460 §4.4 {@code policy-type}, {@code policy-domain}, {@code policy-string}, {@code
 * mx-host}): {@code policy_type=sts policy_domain=D}, one {@code mx_host_pattern=P} per {@code mx}
 * line as written, then one {@code { policy_string = LINE }} per line of the policy as fetched,
 * braces protecting the whitespace inside a line (Postfix TLSRPT_README, "MTA-STS Support via
 * smtp_tls_policy_maps"). With {@code smtp_tls_enforce_sts_mx_patterns = yes} (Postfix 3.10.5+),
 * Postfix authorizes MX hosts by the {@code mx_host_pattern}s with RFC 8461 §4.1's one-label
 * wildcard instead of the {@code match=} list.
 *
 * <p>postfix-mta-sts-resolver 1.5.0 writes the first three in the same order and no {@code
 * policy_string}; its reports then carry an empty policy. {@code policy_failure} is never written:
 * it forces delivery to fail, while a policy we answer with is one RFC 8461 §5 says to apply.
 */
public final class TlsrptAttributes {

  private static final Pattern LINE_END = Pattern.compile("\r\n|\n|\r");
  private static final String BOM = "\uFEFF";

  private TlsrptAttributes() {}

  /**
   * The attributes for {@code domain}'s {@code policy}, parsed from {@code policyText} (the body as
   * fetched), each preceded by a space.
   */
  static String of(String domain, Policy policy, String policyText) {
    return of(domain, policy, policyText, Integer.MAX_VALUE);
  }

  /**
   * The attributes in at most {@code maxBytes} UTF-8 bytes, so that a huge policy cannot push the
   * answer past Postfix's socketmap limit: all of them, else without the {@code policy_string}s
   * (only report detail), else none.
   */
  static String of(String domain, Policy policy, String policyText, int maxBytes) {
    StringBuilder out = new StringBuilder(" policy_type=sts policy_domain=").append(domain);
    for (MxPattern pattern : policy.mx()) {
      out.append(" mx_host_pattern=").append(pattern.pattern());
    }
    String withoutStrings = out.toString();
    for (String line : policyStrings(policyText)) {
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
   * RFC 8460 §4.4: the policy "as published", "including any errors": its lines as fetched, in
   * their order, one string each (line ends as RFC 8461 §3.2 and the sender's reading know them:
   * LF, CRLF, a lone CR; a leading byte order mark is an encoding signature, not text). What the
   * answer cannot carry is left out rather than break it: blank lines (an empty value), the
   * whitespace around a line (Postfix drops it from a braced value), lines with a brace (it would
   * end the value early or unbalance the answer; an extension value may contain one) or a control
   * character other than tab.
   */
  public static List<String> policyStrings(String policyText) {
    String text = policyText.startsWith(BOM) ? policyText.substring(1) : policyText;
    List<String> lines = new ArrayList<>();
    for (String line : LINE_END.split(text, -1)) {
      String stripped = line.strip();
      if (!stripped.isEmpty() && carriable(stripped)) {
        lines.add(stripped);
      }
    }
    return List.copyOf(lines);
  }

  private static boolean carriable(String line) {
    return line.chars()
        .noneMatch(c -> c == '{' || c == '}' || (Character.isISOControl(c) && c != '\t'));
  }
}
