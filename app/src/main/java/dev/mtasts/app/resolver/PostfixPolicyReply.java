package dev.mtasts.app.resolver;

import dev.mtasts.app.socketmap.Netstring;
import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Postfix TLS policy for an MTA-STS policy, as the incumbent answers it: {@code OK secure
 * match=mx1.example.com:.example.net servername=hostname} for {@code enforce} (and {@code testing}
 * when the zone sets {@code strict_testing}), {@code NOTFOUND } otherwise (RFC 8461 §5: {@code
 * testing} delivers as though there were no policy; {@code none} is no policy).
 */
final class PostfixPolicyReply {

  private PostfixPolicyReply() {}

  /** Whether Postfix must be told to authenticate the MX (RFC 8461 §5 item 1). */
  static boolean enforcing(Policy policy, ZoneSettings zone) {
    return policy.mode() == Mode.ENFORCE || (policy.mode() == Mode.TESTING && zone.strictTesting());
  }

  /**
   * The reply for {@code domain}'s policy, read from {@code policyText} as fetched; with the zone's
   * {@code tlsrpt} on, an enforcing reply also carries the {@link TlsrptAttributes} Postfix 3.10+
   * puts in its TLS reports.
   */
  static Reply from(String domain, Policy policy, String policyText, ZoneSettings zone) {
    if (!enforcing(policy, zone)) {
      return Reply.NOT_FOUND;
    }
    // RFC 8461 §4.1: "*.example.net" matches one label below example.net; Postfix's match= writes
    // that as ".example.net". Patterns stay as written (Postfix compares case-insensitively), each
    // once, in policy order.
    Set<String> match = new LinkedHashSet<>();
    for (MxPattern pattern : policy.mx()) {
      match.add(pattern.postfixForm());
    }
    StringBuilder answer = new StringBuilder("secure match=").append(String.join(":", match));
    if (zone.requireSni()) {
      answer.append(" servername=hostname");
    }
    if (zone.tlsrpt()) {
      int used = ("OK " + answer).getBytes(StandardCharsets.UTF_8).length;
      answer.append(TlsrptAttributes.of(domain, policy, policyText, Netstring.MAX_REPLY - used));
    }
    return new Reply.Ok(answer.toString());
  }
}
