package dev.mtasts.app.acme;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a certificate for each ACME-managed host: at start the stored one is served at once, and
 * one is obtained when there is none or it is due ({@link RenewalPolicy}); a failure is retried
 * after a {@link Backoff}, while the certificate in service keeps serving. One thread does every
 * issuance in turn, so the ACME server never sees two requests of ours at once. Every issuance,
 * renewal and failure is logged.
 */
public final class AcmeCertificates implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificates.class);

  /** One host whose certificate comes from ACME. */
  public record Domain(String host, AcmeSettings settings) {}

  /**
   * What is known about one host.
   *
   * @param current the leaf in service, if any
   * @param failuresInRow failed attempts since the last success
   * @param lastFailure the last failure's code and message, if the last attempt failed
   * @param nextAttempt when the next attempt is scheduled
   */
  public record State(
      Optional<X509Certificate> current,
      int failuresInRow,
      Optional<String> lastFailure,
      Instant nextAttempt) {}

  private final AcmeIssuer issuer;
  private final AcmeStorage storage;
  private final CertificateSink sink;
  private final ChallengeType challenge;
  private final Backoff backoff;
  private final Clock clock;
  private final RandomGenerator random = RandomGenerator.getDefault();
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("acme").daemon(true).unstarted(r));

  public AcmeCertificates(
      AcmeIssuer issuer,
      AcmeStorage storage,
      CertificateSink sink,
      ChallengeType challenge,
      Backoff backoff,
      Clock clock) {
    this.issuer = issuer;
    this.storage = storage;
    this.sink = sink;
    this.challenge = challenge;
    this.backoff = backoff;
    this.clock = clock;
  }

  /**
   * Serves each host's stored certificate, when it has one, and schedules the next issuance: now
   * for a host without a certificate or with one that is due, at its renewal time otherwise.
   */
  public void start(List<Domain> domains) {
    for (Domain domain : domains) {
      Optional<X509Certificate> current = Optional.empty();
      try {
        Optional<IssuedChain> stored = storage.certificate(domain.host());
        if (stored.isPresent()) {
          sink.install(domain.host(), stored.get());
          current = Optional.of(stored.get().leaf());
          LOG.info(
              "acme: serving the stored certificate of {} (serial {}, valid until {})",
              domain.host(),
              stored.get().leaf().getSerialNumber().toString(16),
              stored.get().leaf().getNotAfter().toInstant());
        }
      } catch (IOException e) {
        LOG.warn(
            "acme: the stored certificate of {} is unusable: {}", domain.host(), e.getMessage());
      }
      Instant next = current.map(RenewalPolicy::renewAt).orElse(clock.instant());
      schedule(domain, new State(current, 0, Optional.empty(), next));
    }
  }

  /** What is known about {@code host}, if it is managed here. */
  public Optional<State> state(String host) {
    return Optional.ofNullable(states.get(host));
  }

  private void schedule(Domain domain, State state) {
    states.put(domain.host(), state);
    long delay = Math.max(0, Duration.between(clock.instant(), state.nextAttempt()).toMillis());
    scheduler.schedule(() -> attempt(domain), delay, TimeUnit.MILLISECONDS);
  }

  private void attempt(Domain domain) {
    State before = states.get(domain.host());
    boolean renewal = before.current().isPresent();
    try {
      IssuedChain issued = issuer.obtain(domain.host(), domain.settings(), challenge);
      sink.install(domain.host(), issued);
      Instant renewAt = RenewalPolicy.renewAt(issued.leaf());
      LOG.info(
          "acme: {} the certificate of {} by {} from {}: serial {}, valid until {}, renewal from {}",
          renewal ? "renewed" : "issued",
          domain.host(),
          challenge,
          domain.settings().directory(),
          issued.leaf().getSerialNumber().toString(16),
          issued.leaf().getNotAfter().toInstant(),
          renewAt);
      schedule(domain, new State(Optional.of(issued.leaf()), 0, Optional.empty(), renewAt));
    } catch (AcmeFailure e) {
      failed(domain, before, e.getMessage(), e.retryAfter());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // acme4j reports some server misbehaviour unchecked; it is a failure like the others
      failed(domain, before, "ACME_SERVER_ERROR: " + e, Optional.empty());
    }
  }

  private void failed(Domain domain, State before, String why, Optional<Instant> retryAfter) {
    int failures = before.failuresInRow() + 1;
    Instant now = clock.instant();
    Duration wait = backoff.delay(failures, retryAfter, now, random);
    String serving =
        before
            .current()
            .map(
                c ->
                    "the certificate valid until " + c.getNotAfter().toInstant() + " keeps serving")
            .orElse("no certificate to serve yet");
    LOG.warn(
        "acme: {} the certificate of {} failed ({} in a row): {}; next try in {} s; {}",
        before.current().isPresent() ? "renewing" : "obtaining",
        domain.host(),
        failures,
        why,
        wait.toMillis() / 1000.0,
        serving);
    schedule(domain, new State(before.current(), failures, Optional.of(why), now.plus(wait)));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
