package dev.mtasts.app.acme;

import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.hosting.CertificateSupply;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.ServedCertificate;
import java.io.IOException;
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
 * Keeps a certificate for each hosted domain whose source is {@link CertificateSource.Acme}, and
 * supplies it to the policy listener ({@link CertificateSupply}). {@link #load} reads the stored
 * certificates, so the listener serves them from its start; {@link #start} then obtains one when
 * there is none or it is due ({@link RenewalPolicy}) and tells the listener to reload; a failure is
 * retried after a {@link Backoff} while the certificate in service keeps serving. One thread does
 * every issuance in turn, so the ACME server never sees two requests of ours at once. Every
 * issuance, renewal and failure is logged.
 */
public final class AcmeCertificates implements CertificateSupply, AutoCloseable {

  /** Shown at INFO whatever the root level (LogConfiguration): each issuance, renewal, failure. */
  private static final Logger LOG = LoggerFactory.getLogger("mtasts.acme");

  /**
   * What is known about one policy host.
   *
   * @param current the certificate in service, if any
   * @param failuresInRow failed attempts since the last success
   * @param lastFailure the last failure's code and message, if the last attempt failed
   * @param nextAttempt when the next attempt is due
   */
  public record State(
      Optional<ServedCertificate> current,
      int failuresInRow,
      Optional<String> lastFailure,
      Instant nextAttempt) {}

  private final AcmeIssuer issuer;
  private final AcmeStorage storage;
  private final ChallengeType challenge;
  private final Backoff backoff;
  private final Clock clock;
  private final RandomGenerator random = RandomGenerator.getDefault();
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Map<String, CertificateSource.Acme> sources = new ConcurrentHashMap<>();
  private volatile Runnable changed;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("acme").daemon(true).unstarted(r));

  public AcmeCertificates(
      AcmeIssuer issuer,
      AcmeStorage storage,
      ChallengeType challenge,
      Backoff backoff,
      Clock clock) {
    this.issuer = issuer;
    this.storage = storage;
    this.challenge = challenge;
    this.backoff = backoff;
    this.clock = clock;
  }

  /**
   * Reads the stored certificate of each ACME domain of {@code domains}: the next attempt is due
   * now for a domain without a usable one, at its renewal time otherwise.
   */
  public void load(List<HostedDomain> domains) {
    domains.forEach(this::manage);
  }

  /**
   * Schedules the next attempt of every loaded ACME domain, and of each one the listener asks for
   * later (a reload that adds one); {@code changed} runs after each new certificate (the listener
   * reloads its certificates).
   */
  public synchronized void start(Runnable changed) {
    this.changed = changed;
    sources.keySet().forEach(this::schedule);
  }

  @Override
  public Optional<ServedCertificate> current(HostedDomain domain) {
    manage(domain);
    return state(domain.policyHost()).flatMap(State::current);
  }

  /** Takes {@code domain} in, the first time an ACME domain is seen. */
  private synchronized void manage(HostedDomain domain) {
    String host = domain.policyHost();
    if (!(domain.certificate() instanceof CertificateSource.Acme acme)
        || sources.containsKey(host)) {
      return;
    }
    Optional<ServedCertificate> stored = Optional.empty();
    try {
      stored = storage.certificate(host);
      stored.ifPresent(
          c -> LOG.info("acme: {}: the stored certificate ({}) is served", host, c.describe()));
    } catch (IOException e) {
      LOG.warn("acme: {}: the stored certificate is unusable: {}", host, e.getMessage());
    }
    Instant next = stored.map(c -> RenewalPolicy.renewAt(c.leaf())).orElse(clock.instant());
    states.put(host, new State(stored, 0, Optional.empty(), next));
    sources.put(host, acme);
    if (changed != null) {
      schedule(host);
    }
  }

  /** What is known about {@code host} ({@code mta-sts.<domain>}), if it is managed here. */
  public Optional<State> state(String host) {
    return Optional.ofNullable(states.get(host));
  }

  private void schedule(String host) {
    long delay =
        Math.max(0, Duration.between(clock.instant(), states.get(host).nextAttempt()).toMillis());
    scheduler.schedule(() -> attempt(host), delay, TimeUnit.MILLISECONDS);
  }

  private void attempt(String host) {
    State before = states.get(host);
    CertificateSource.Acme settings = sources.get(host);
    try {
      ServedCertificate issued = issuer.obtain(host, settings, challenge);
      Instant renewAt = RenewalPolicy.renewAt(issued.leaf());
      states.put(host, new State(Optional.of(issued), 0, Optional.empty(), renewAt));
      LOG.info(
          "acme: {}: {} by {} from {}: {}; renewal from {}",
          host,
          before.current().isPresent() ? "renewed" : "issued",
          challenge,
          settings.directory(),
          issued.describe(),
          renewAt);
      changed.run();
    } catch (AcmeFailure e) {
      failed(host, before, e.getMessage(), e.retryAfter());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      // acme4j reports some server misbehaviour unchecked; it is a failure like the others
      failed(host, before, "ACME_SERVER_ERROR: " + e, Optional.empty());
    }
    schedule(host);
  }

  private void failed(String host, State before, String why, Optional<Instant> retryAfter) {
    int failures = before.failuresInRow() + 1;
    Instant now = clock.instant();
    Duration wait = backoff.delay(failures, retryAfter, now, random);
    states.put(host, new State(before.current(), failures, Optional.of(why), now.plus(wait)));
    LOG.warn(
        "acme: {}: {} failed ({} in a row): {}; next try in {} s; {}",
        host,
        before.current().isPresent() ? "renewal" : "issuance",
        failures,
        why,
        wait.toMillis() / 1000.0,
        before
            .current()
            .map(c -> "still serving " + c.describe())
            .orElse("no certificate to serve yet"));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
