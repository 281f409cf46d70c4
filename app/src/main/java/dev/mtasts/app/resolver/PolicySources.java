package dev.mtasts.app.resolver;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnsjavaResolver;
import dev.mtasts.core.tls.TrustAnchors;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where policies come from: DNS (one resolver per zone {@code timeout}), the CAs trusted for policy
 * hosts, and the clock. Tests pass in-memory DNS and their own CA.
 *
 * @param dns the DNS resolver for a per-query timeout
 */
public record PolicySources(
    Function<Duration, DnsResolver> dns, TrustAnchors anchors, Clock clock) {

  public PolicySources {
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(anchors, "anchors");
    Objects.requireNonNull(clock, "clock");
  }

  /** The system's (or {@code mtasts.dns}) resolvers and CAs plus {@code mtasts.ca_file}. */
  public static ParseResult<PolicySources> of(FetchOptions options) {
    ParseResult<TrustAnchors> anchors =
        options.caFile().isPresent()
            ? TrustAnchors.jdkDefaultPlus(options.caFile().get())
            : ParseResult.ok(TrustAnchors.jdkDefault());
    DnsOptions base = DnsOptions.defaults().withServers(options.dns()).withDnssec(options.dnssec());
    return anchors.map(
        a ->
            new PolicySources(
                timeout -> new DnsjavaResolver(base.withTimeout(timeout)), a, Clock.systemUTC()));
  }
}
