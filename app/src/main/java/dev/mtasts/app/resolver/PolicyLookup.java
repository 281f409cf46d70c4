package dev.mtasts.app.resolver;

import dev.mtasts.app.socketmap.Lookup;
import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.app.socketmap.SocketmapRequest;
import dev.mtasts.core.resolve.DanePrecedence;
import dev.mtasts.core.resolve.PolicyResolution;
import dev.mtasts.core.resolve.PolicyResolver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers Postfix's TLS policy lookups (RFC 8461 §5): the next hop's policy domain is resolved by
 * the zone's {@link PolicyResolver} and turned into a Postfix policy. {@code NOTFOUND} where no
 * policy applies, {@code TEMP} where the answer cannot be known and {@code NOTFOUND} could
 * downgrade, and {@code OK dane-only} (or {@code NOTFOUND}, per {@code dane.mode}) for an enforcing
 * policy where DANE governs, {@code TEMP} where DANE's records cannot be had, so that MTA-STS never
 * overrides DANE (RFC 8461 §2; the decision is core's {@link DanePrecedence}).
 */
public final class PolicyLookup implements Lookup {

  /** Distinct (policy, zone) replies kept; when full, the memory is emptied. */
  private static final int MAX_REMEMBERED_REPLIES = 10_000;

  /** RFC 7672 §2.2: an MX whose DANE records cannot be had is unusable; Postfix defers. */
  private static final Reply DANE_FAILED = new Reply.Temp("DANE lookup failed");

  private final ResolverConfig config;
  private final PolicyResolver defaultResolver;
  private final Map<String, PolicyResolver> zoneResolvers;
  private final Optional<DanePrecedence> dane;
  private final ResolverMetrics metrics;
  private final Map<ReplyKey, Reply> replies = new ConcurrentHashMap<>();

  /**
   * A reply depends only on the domain (TLSRPT attributes), the policy text as fetched (which
   * decides the policy) and the zone, so it is built once.
   */
  private record ReplyKey(String domain, String policyText, ZoneSettings zone) {}

  PolicyLookup(
      ResolverConfig config,
      PolicyResolver defaultResolver,
      Map<String, PolicyResolver> zoneResolvers,
      Optional<DanePrecedence> dane,
      ResolverMetrics metrics) {
    this.config = config;
    this.defaultResolver = defaultResolver;
    this.zoneResolvers = Map.copyOf(zoneResolvers);
    this.dane = dane;
    this.metrics = metrics;
  }

  @Override
  public Reply lookup(SocketmapRequest request) {
    Optional<String> domain = NextHop.policyDomain(request.key());
    if (domain.isEmpty()) {
      return Reply.NOT_FOUND;
    }
    PolicyResolution resolution = resolver(request).resolve(domain.get());
    count(resolution);
    return reply(domain.get(), resolution, config.zone(request.name()));
  }

  /** The same reply as {@link #lookup} when the policy and any DANE verdict are in memory. */
  @Override
  public Optional<Reply> lookupFromMemory(SocketmapRequest request) {
    Optional<String> domain = NextHop.policyDomain(request.key());
    if (domain.isEmpty()) {
      return Optional.of(Reply.NOT_FOUND);
    }
    Optional<PolicyResolution> resolution = resolver(request).resolveFromMemory(domain.get());
    if (resolution.isEmpty()) {
      return Optional.empty();
    }
    Optional<Reply> reply =
        reply(
            domain.get(),
            resolution.get(),
            config.zone(request.name()),
            d -> dane.flatMap(check -> check.fromMemory(d)));
    reply.ifPresent(r -> count(resolution.get()));
    return reply;
  }

  private PolicyResolver resolver(SocketmapRequest request) {
    return zoneResolvers.getOrDefault(request.name(), defaultResolver);
  }

  private void count(PolicyResolution resolution) {
    switch (resolution) {
      case PolicyResolution.Found found when found.fromCache() -> metrics.cacheHit();
      case PolicyResolution.Found found -> metrics.cacheMiss();
      case PolicyResolution.NoPolicy none -> metrics.cacheMiss();
      case PolicyResolution.TemporaryFailure failure -> metrics.cacheError();
    }
  }

  /** The reply for a resolution; shared with {@code mtasts query}. */
  Reply reply(String domain, PolicyResolution resolution, ZoneSettings zone) {
    return reply(domain, resolution, zone, d -> dane.map(check -> check.check(d))).orElseThrow();
  }

  /**
   * The reply for a resolution, or empty when {@code daneVerdict} cannot tell what DANE says about
   * a domain whose enforcing policy it would override.
   */
  private Optional<Reply> reply(
      String domain,
      PolicyResolution resolution,
      ZoneSettings zone,
      Function<String, Optional<DanePrecedence.Verdict>> daneVerdict) {
    return switch (resolution) {
      case PolicyResolution.NoPolicy none -> Optional.of(Reply.NOT_FOUND);
      case PolicyResolution.TemporaryFailure failure ->
          Optional.of(new Reply.Temp("MTA-STS policy cache unavailable"));
      case PolicyResolution.Found found -> {
        if (dane.isPresent() && PostfixPolicyReply.enforcing(found.policy(), zone)) {
          Optional<DanePrecedence.Verdict> verdict = daneVerdict.apply(domain);
          if (verdict.isEmpty()) {
            yield Optional.empty();
          }
          // RFC 8461 §2: MTA-STS never overrides DANE, whether it governs or failed.
          if (verdict.get() instanceof DanePrecedence.Verdict.Governs) {
            yield Optional.of(
                config.dane() == DaneMode.DEFER ? Reply.NOT_FOUND : new Reply.Ok("dane-only"));
          }
          if (verdict.get() instanceof DanePrecedence.Verdict.Failed) {
            yield Optional.of(DANE_FAILED);
          }
        }
        yield Optional.of(policyReply(domain, found, zone));
      }
    };
  }

  private Reply policyReply(String domain, PolicyResolution.Found found, ZoneSettings zone) {
    // The domain is part of the key: TLSRPT attributes name the policy domain.
    String text = found.cached().policyText();
    ReplyKey key = new ReplyKey(domain, text, zone);
    Reply known = replies.get(key);
    if (known != null) {
      return known;
    }
    if (replies.size() >= MAX_REMEMBERED_REPLIES) {
      replies.clear();
    }
    Reply reply = PostfixPolicyReply.from(domain, found.policy(), text, zone);
    replies.put(key, reply);
    return reply;
  }
}
