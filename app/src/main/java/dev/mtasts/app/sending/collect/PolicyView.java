package dev.mtasts.app.sending.collect;

import dev.mtasts.core.policy.Policy;
import java.util.Optional;

/**
 * Which MTA-STS policy the policy daemon applies to a domain's mail now: what Postfix 3.7–3.9 does
 * not log, and the mail log reader needs to report a handshake under the right policy (RFC 8460
 * §4.4). Implemented over the resolver's policy cache.
 */
@FunctionalInterface
public interface PolicyView {

  /** The policy of {@code domain} (an A-label in lower case), with its text as fetched. */
  Optional<KnownPolicy> policy(String domain);

  /**
   * @param policy the policy as the daemon applies it
   * @param text the policy body as fetched, for {@code policy-string}
   */
  record KnownPolicy(Policy policy, String text) {}

  /** Knows no policy: every domain is reported as {@code no-policy-found}. */
  PolicyView NONE = domain -> Optional.empty();
}
