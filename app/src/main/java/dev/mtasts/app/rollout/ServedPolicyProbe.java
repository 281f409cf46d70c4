package dev.mtasts.app.rollout;

import dev.mtasts.app.hosting.HostedPolicy;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.PolicyFetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.tls.TrustAnchors;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Asks serve's own policy listener, as a sender would (SNI and Host {@code mta-sts.<domain>}, the
 * well-known path, RFC 8461 §3.3), whether it serves a given policy: the proof required before its
 * id is published (§3.1: senders that see a new id fetch the policy at once).
 */
public final class ServedPolicyProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Supplier<InetSocketAddress> listener;
  private final Clock clock;

  /**
   * @param listener the policy listener's bound address now (a reload may move it); a wildcard
   *     address is asked on loopback
   */
  public ServedPolicyProbe(Supplier<InetSocketAddress> listener, Clock clock) {
    this.listener = listener;
    this.clock = clock;
  }

  /** Whether the listener answers with exactly {@code policy}'s file; else what it did. */
  public Verdict serves(HostedPolicy policy) {
    InetSocketAddress bound = listener.get();
    InetAddress address =
        bound.getAddress() == null || bound.getAddress().isAnyLocalAddress()
            ? InetAddress.getLoopbackAddress()
            : bound.getAddress();
    // Only the bytes matter here; the certificate is the monitoring's concern.
    PolicyFetcher fetcher =
        new PolicyFetcher(
            FetchSettings.defaults()
                .withPort(bound.getPort())
                .withTimeouts(TIMEOUT, TIMEOUT, TIMEOUT.multipliedBy(2))
                .withPrivateAddresses(true),
            TrustAnchors.jdkDefault(),
            clock);
    PolicyFetchResult result = fetcher.fetchForDiagnosis(policy.domain(), List.of(address));
    return switch (result) {
      case PolicyFetchResult.Fetched f when f.body().equals(policy.text()) ->
          new Verdict(true, "served");
      case PolicyFetchResult.Fetched f -> new Verdict(false, "the listener serves another policy");
      case PolicyFetchResult.Failed f -> new Verdict(false, f.failure() + ": " + f.detail());
    };
  }

  /** Whether the policy is served, and what was seen. */
  public record Verdict(boolean served, String detail) {}
}
