package dev.mtasts.app.sending.collect;

import dev.mtasts.app.resolver.TlsrptAttributes;
import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.app.sending.HandshakeSink;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Leniency;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.resolve.RefreshObserver;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The resolver's own observations as TLS report results (RFC 8460 §4.3.2.2): each attempt to have a
 * published policy that failed is one failed session of {@code sts-policy-fetch-error}, {@code
 * sts-webpki-invalid} or {@code sts-policy-invalid} for the domain, under the cached policy still
 * applied (or an empty STS policy without one), with the cause's code as {@code
 * failure-reason-code}. Postfix never reports these for our answers (the daemon never answers
 * {@code policy_failure}), and the mail log shows no policy fetch, so each is counted once, here.
 */
public final class PolicyFetchFailures implements RefreshObserver {

  private final HandshakeSink sink;
  private final CollectorMetrics metrics;
  private final Clock clock;

  public PolicyFetchFailures(HandshakeSink sink, CollectorMetrics metrics, Clock clock) {
    this.sink = sink;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void refreshFailed(String domain, String reason) {}

  @Override
  public void policyUnavailable(
      String domain, ResultType type, String reasonCode, Optional<String> applied) {
    Optional<Policy> policy =
        applied.flatMap(
            text ->
                Policy.parse(text, Leniency.SENDER) instanceof ParseResult.Ok<Policy> ok
                    ? Optional.of(ok.value())
                    : Optional.empty());
    PolicyDetails details =
        new PolicyDetails(
            PolicyType.STS,
            applied.map(TlsrptAttributes::policyStrings).orElse(List.of()),
            Optional.of(domain),
            policy.map(p -> p.mx().stream().map(MxPattern::pattern).toList()).orElse(List.of()));
    FailureDetails failure =
        new FailureDetails(
            type,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            1,
            Optional.empty(),
            Optional.of(reasonCode));
    try {
      sink.record(new HandshakeResult(clock.instant(), domain, details, Optional.of(failure)));
      metrics.handshake("resolver", false);
    } catch (RuntimeException e) {
      // RefreshObserver: never throw into the resolver.
      org.slf4j.LoggerFactory.getLogger(PolicyFetchFailures.class)
          .warn("a policy fetch failure of {} could not be counted: {}", domain, e.toString());
    }
  }
}
