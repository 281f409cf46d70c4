package dev.mtasts.app.sending.collect;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Leniency;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyCacheException;
import java.time.Clock;
import java.util.Optional;

/**
 * The policy daemon's view: a domain's cached policy while it is usable (RFC 8461 §5.1), read as
 * the daemon reads it ({@link Leniency#SENDER}). A {@code mode: none} policy, an expired one, or a
 * cache that cannot be read is no policy: Postfix got {@code NOTFOUND} (or deferred) for it.
 */
public final class CachedPolicyView implements PolicyView {

  private final PolicyCache cache;
  private final Clock clock;

  public CachedPolicyView(PolicyCache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  @Override
  public Optional<KnownPolicy> policy(String domain) {
    Optional<CachedPolicy> cached;
    try {
      cached = cache.get(domain);
    } catch (PolicyCacheException e) {
      return Optional.empty();
    }
    if (cached.isEmpty() || !cached.get().usableAt(clock.instant())) {
      return Optional.empty();
    }
    String text = cached.get().policyText();
    if (Policy.parse(text, Leniency.SENDER) instanceof ParseResult.Ok<Policy> ok
        && ok.value().mode() != Mode.NONE) {
      return Optional.of(new KnownPolicy(ok.value(), text));
    }
    return Optional.empty();
  }
}
