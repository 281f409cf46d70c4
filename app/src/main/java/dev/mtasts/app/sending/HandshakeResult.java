package dev.mtasts.app.sending;

import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one outbound SMTP delivery attempt met, as the sender's side of TLS-RPT counts it (RFC 8460
 * §4.4): the recipient's policy as this sender applied it, and either success or how it failed.
 * Every collection source (libtlsrpt datagrams, the Postfix log, the resolver's own policy fetches)
 * produces these; the aggregation counts them per UTC day, policy domain and policy.
 *
 * @param at when the handshake (or fetch) happened
 * @param policyDomain the recipient policy domain, an A-label in lower case
 * @param policy the policy applied: type, its lines, and its MX patterns
 * @param failure absent for a successful session; otherwise the failure, with a {@code
 *     failedSessionCount} of 1
 */
public record HandshakeResult(
    Instant at, String policyDomain, PolicyDetails policy, Optional<FailureDetails> failure) {

  public HandshakeResult {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(policyDomain, "policyDomain");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(failure, "failure");
  }

  public boolean successful() {
    return failure.isEmpty();
  }
}
