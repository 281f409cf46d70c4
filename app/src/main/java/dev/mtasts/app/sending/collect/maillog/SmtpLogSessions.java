package dev.mtasts.app.sending.collect.maillog;

import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.app.sending.HandshakeSink;
import dev.mtasts.app.sending.collect.PolicyView;
import dev.mtasts.app.sending.collect.maillog.SmtpLogEvent.Peer;
import dev.mtasts.app.sending.collect.maillog.SmtpLogEvent.Trust;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the {@code smtp} records of a Postfix 3.7–3.9 mail log into the handshake results Postfix
 * 3.10+ would have sent libtlsrpt ({@code tls_client.c}, {@code tls_verify.c}, {@code
 * smtp_proto.c}): one per new TLS handshake or failed attempt, none for a reused connection.
 *
 * <p>Each {@code smtp} process (pid) handles one connection at a time, so its records are followed
 * in order: a handshake is known from its summary line (and a verification failure logged just
 * before it), its fate from what follows ({@code Server certificate not verified}); the recipient,
 * and so the policy domain (the next hop of MX routing), from the next per-recipient line of the
 * same process. The policy comes from the resolver ({@link PolicyView}): Postfix logs none.
 *
 * <p>A domain the resolver knows in {@code testing} mode is answered {@code NOTFOUND}, so Postfix
 * delivers at level {@code may} and checks nothing: its handshake is judged here as the policy
 * would judge it (RFC 8461 §4.1, §5): an untrusted or missing certificate is a failure, and so is
 * an MX host no {@code mx} pattern covers; the certificate's names are not logged at {@code may},
 * so a name mismatch alone cannot be seen. Not thread-safe: one reader feeds it.
 */
public final class SmtpLogSessions {

  /** A process that logged nothing for this long has ended; its unfinished attempts are dropped. */
  private static final Duration IDLE = Duration.ofHours(1);

  private final PolicyView policies;
  private final Function<String, List<String>> policyStrings;
  private final HandshakeSink sink;
  private final Map<Long, Process> processes = new HashMap<>();
  private Instant lastSweep = Instant.EPOCH;

  /**
   * @param policyStrings a policy body's {@code policy-string} lines, exactly as the resolver hands
   *     them to Postfix 3.10+, so that both sources count under one policy
   */
  public SmtpLogSessions(
      PolicyView policies, Function<String, List<String>> policyStrings, HandshakeSink sink) {
    this.policies = policies;
    this.policyStrings = policyStrings;
    this.sink = sink;
  }

  /** One TLS attempt of a process, awaiting its recipient. */
  private static final class Attempt {
    final Peer peer;
    Optional<String> verifyFailure = Optional.empty();
    Optional<Trust> trust = Optional.empty();
    boolean refused;
    boolean noStarttls;
    boolean handshakeFailed;

    Attempt(Peer peer) {
      this.peer = peer;
    }
  }

  /** What one smtp process has seen since its last per-recipient line. */
  private static final class Process {
    Attempt current;
    final List<Attempt> finished = new ArrayList<>();
    Instant lastSeen;

    void finishCurrent() {
      if (current != null) {
        finished.add(current);
        current = null;
      }
    }

    Attempt current(Peer peer) {
      if (current != null && !current.peer.equals(peer)) {
        finishCurrent();
      }
      if (current == null) {
        current = new Attempt(peer);
      }
      return current;
    }
  }

  /** Takes one mail log line; lines of other programs and other messages are skipped. */
  public void accept(String line, java.time.ZoneId zone, Instant now) {
    MailLogRecord.parse(line, zone, now).ifPresent(this::accept);
  }

  void accept(MailLogRecord record) {
    if (!record.fromSmtpClient()) {
      return;
    }
    sweep(record.at());
    List<SmtpLogEvent> events = SmtpLogEvent.parse(record.message());
    if (events.isEmpty()) {
      return;
    }
    Process process = processes.computeIfAbsent(record.pid(), pid -> new Process());
    process.lastSeen = record.at();
    for (SmtpLogEvent event : events) {
      switch (event) {
        case SmtpLogEvent.VerifyFailed(Peer peer, String reason) -> {
          process.finishCurrent();
          process.current(peer).verifyFailure = Optional.of(reason);
        }
        case SmtpLogEvent.Established(Peer peer, Trust trust) -> {
          Attempt attempt = process.current(peer);
          if (attempt.trust.isPresent()) {
            process.finishCurrent();
            attempt = process.current(peer);
          }
          attempt.trust = Optional.of(trust);
        }
        case SmtpLogEvent.Reused(Peer peer) -> process.finishCurrent();
        case SmtpLogEvent.HandshakeFailed(Peer peer) -> {
          process.finishCurrent();
          process.current(peer).handshakeFailed = true;
          process.finishCurrent();
        }
        case SmtpLogEvent.NoStarttls(Peer peer) -> {
          process.finishCurrent();
          process.current(peer).noStarttls = true;
          process.finishCurrent();
        }
        case SmtpLogEvent.NotVerified() -> {
          if (process.current != null) {
            process.current.refused = true;
          }
          process.finishCurrent();
        }
        case SmtpLogEvent.Delivery delivery -> {
          process.finishCurrent();
          deliver(process, delivery, record.at());
        }
      }
    }
  }

  private void deliver(Process process, SmtpLogEvent.Delivery delivery, Instant at) {
    List<Attempt> attempts = List.copyOf(process.finished);
    process.finished.clear();
    if (attempts.isEmpty()) {
      return;
    }
    Optional<String> domain = recipientDomain(delivery.recipient());
    if (domain.isEmpty()) {
      return;
    }
    Optional<PolicyView.KnownPolicy> policy = policies.policy(domain.get());
    PolicyDetails details = details(domain.get(), policy);
    for (Attempt attempt : attempts) {
      sink.record(new HandshakeResult(at, domain.get(), details, failure(attempt, policy)));
    }
  }

  private PolicyDetails details(String domain, Optional<PolicyView.KnownPolicy> policy) {
    if (policy.isEmpty()) {
      return new PolicyDetails(
          PolicyType.NO_POLICY_FOUND, List.of(), Optional.of(domain), List.of());
    }
    return new PolicyDetails(
        PolicyType.STS,
        policyStrings.apply(policy.get().text()),
        Optional.of(domain),
        policy.get().policy().mx().stream().map(MxPattern::pattern).toList());
  }

  /**
   * What Postfix 3.10+ reports for the attempt, or what the policy would have found where Postfix
   * did not check ({@code testing}): empty for success.
   */
  private static Optional<FailureDetails> failure(
      Attempt attempt, Optional<PolicyView.KnownPolicy> policy) {
    if (attempt.handshakeFailed) {
      // tls_client.c: any failed handshake, whatever the policy.
      return failure(ResultType.VALIDATION_FAILURE, attempt, "tls-handshake-failure");
    }
    if (attempt.noStarttls) {
      return failure(ResultType.STARTTLS_NOT_SUPPORTED, attempt, null);
    }
    Optional<FailureDetails> verify = attempt.verifyFailure.flatMap(r -> verifyFailure(r, attempt));
    if (verify.isPresent()) {
      return verify;
    }
    Trust trust = attempt.trust.orElse(Trust.UNTRUSTED);
    if (attempt.refused) {
      // smtp_proto.c: a trusted chain that did not match is a name mismatch.
      return failure(
          trust == Trust.TRUSTED
              ? ResultType.CERTIFICATE_HOST_MISMATCH
              : ResultType.CERTIFICATE_NOT_TRUSTED,
          attempt,
          null);
    }
    if (trust == Trust.VERIFIED || policy.isEmpty()) {
      return Optional.empty();
    }
    // Not enforced (testing): judge as RFC 8461 §4.1 would.
    if (trust != Trust.TRUSTED) {
      return failure(ResultType.CERTIFICATE_NOT_TRUSTED, attempt, null);
    }
    if (!policy.get().policy().matchesMx(attempt.peer.host())) {
      return failure(ResultType.CERTIFICATE_HOST_MISMATCH, attempt, "mx-not-in-policy");
    }
    return Optional.empty();
  }

  /**
   * The failure Postfix 3.10+ reports for a verification error it logs ({@code tls_verify.c}), with
   * the OpenSSL error text it passes as {@code failure-reason-code}; empty for errors it leaves to
   * {@code smtp_proto.c} (the {@code num=N:...} form, e.g. a host name mismatch).
   */
  private static Optional<FailureDetails> verifyFailure(String reason, Attempt attempt) {
    if (reason.startsWith("not trusted by local or TLSA policy")) {
      return failure(ResultType.CERTIFICATE_NOT_TRUSTED, attempt, null);
    }
    if (reason.startsWith("certificate has expired")) {
      return failure(ResultType.CERTIFICATE_EXPIRED, attempt, null);
    }
    if (reason.endsWith(":hostname mismatch")) {
      // X509_V_ERR_HOSTNAME_MISMATCH (num=62): 3.10+ counts the chain as trusted and reports a
      // name mismatch; 3.7 logs the connection as Untrusted.
      return failure(ResultType.CERTIFICATE_HOST_MISMATCH, attempt, null);
    }
    String code;
    if (reason.startsWith("self-signed certificate") || reason.startsWith("self signed")) {
      code = "self-signed_certificate";
    } else if (reason.startsWith("untrusted issuer")) {
      code = "unable_to_get_local_issuer_certificate";
    } else if (reason.startsWith("certificate not yet valid")) {
      code = "certificate_is_not_yet_valid";
    } else if (reason.startsWith("not designated for use as a")) {
      code = "unsuitable_certificate_purpose";
    } else if (reason.startsWith("certificate chain longer than limit")) {
      code = "certificate_chain_too_long";
    } else {
      return Optional.empty();
    }
    return failure(ResultType.VALIDATION_FAILURE, attempt, code);
  }

  private static Optional<FailureDetails> failure(
      ResultType type, Attempt attempt, String reasonCode) {
    return Optional.of(
        new FailureDetails(
            type,
            Optional.empty(),
            Optional.of(attempt.peer.host()),
            Optional.empty(),
            Optional.of(attempt.peer.address()),
            1,
            Optional.empty(),
            Optional.ofNullable(reasonCode)));
  }

  private static Optional<String> recipientDomain(String recipient) {
    int at = recipient.lastIndexOf('@');
    if (at < 0) {
      return Optional.empty();
    }
    return switch (Domain.parse(recipient.substring(at + 1))) {
      case ParseResult.Ok<Domain> ok -> Optional.of(ok.value().ascii());
      case ParseResult.Err<Domain> err -> Optional.empty();
    };
  }

  private void sweep(Instant now) {
    if (Duration.between(lastSweep, now).compareTo(Duration.ofMinutes(5)) < 0) {
      return;
    }
    lastSweep = now;
    processes.values().removeIf(p -> p.lastSeen.plus(IDLE).isBefore(now));
  }

  /** Processes with unfinished attempts, for tests. */
  int openProcesses() {
    return processes.size();
  }
}
