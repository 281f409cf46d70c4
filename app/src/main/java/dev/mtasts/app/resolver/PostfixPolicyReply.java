package dev.mtasts.app.resolver;

import dev.mtasts.app.socketmap.Reply;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a cached policy's text into the Postfix TLS policy the incumbent answers with: {@code OK
 * secure match=mx1:.example.net servername=hostname}, or {@code NOTFOUND } when the policy does not
 * ask for enforcement (RFC 8461 §5: {@code none}, and {@code testing} unless the zone sets {@code
 * strict_testing}).
 *
 * <p>Reads only {@code mode} and {@code mx} (RFC 8461 §3.2) from text that was validated when it
 * was fetched; a text without a known mode, or enforcing without any mx, gives {@code NOTFOUND}.
 * This is the seam where the core policy parser ({@code Policy.parse}, {@code
 * MxPattern.postfixForm()}) takes over once it is on this branch.
 */
final class PostfixPolicyReply {

  private PostfixPolicyReply() {}

  static Reply from(String policyText, ZoneSettings zone) {
    String mode = null;
    Set<String> mx = new LinkedHashSet<>();
    for (String line : policyText.split("\r?\n", -1)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (key.equals("mode")) {
        mode = value;
      } else if (key.equals("mx") && !value.isEmpty()) {
        // RFC 8461 §3.2/§4.1: "*.example.net" matches one label below example.net; Postfix's
        // match= writes that as ".example.net" (its parent-domain form).
        mx.add((value.startsWith("*.") ? value.substring(1) : value).toLowerCase(Locale.ROOT));
      }
    }
    boolean enforce = "enforce".equals(mode) || ("testing".equals(mode) && zone.strictTesting());
    if (!enforce || mx.isEmpty()) {
      return Reply.NOT_FOUND;
    }
    String policy = "secure match=" + String.join(":", mx);
    return new Reply.Ok(zone.requireSni() ? policy + " servername=hostname" : policy);
  }
}
