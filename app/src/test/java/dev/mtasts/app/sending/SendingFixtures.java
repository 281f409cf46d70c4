package dev.mtasts.app.sending;

import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Handshake results as the collection sources hand them over, for the sending tests. */
public final class SendingFixtures {

  private SendingFixtures() {}

  /** An STS policy of {@code domain} with its lines in the given order. */
  public static PolicyDetails sts(String domain, String... lines) {
    return new PolicyDetails(
        PolicyType.STS, List.of(lines), Optional.of(domain), List.of("mx1." + domain));
  }

  /** The usual STS policy of {@code domain}. */
  public static PolicyDetails sts(String domain) {
    return sts(domain, "version: STSv1", "mode: enforce", "mx: mx1." + domain, "max_age: 86400");
  }

  public static HandshakeResult success(Instant at, String domain, PolicyDetails policy) {
    return new HandshakeResult(at, domain, policy, Optional.empty());
  }

  public static HandshakeResult failure(
      Instant at, String domain, PolicyDetails policy, ResultType type, String mx) {
    return new HandshakeResult(
        at,
        domain,
        policy,
        Optional.of(
            new FailureDetails(
                type,
                Optional.of("192.0.2.1"),
                Optional.of(mx),
                Optional.empty(),
                Optional.of("198.51.100.7"),
                1,
                Optional.empty(),
                Optional.empty())));
  }
}
