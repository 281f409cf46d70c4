package dev.mtasts.app.acme;

import dev.mtasts.app.acme.AcmeFailure.Code;
import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.hosting.ServedCertificate;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeProtocolException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.provider.AcmeProvider;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Obtains one certificate for one host through ACME (RFC 8555 §7): the account (made once, found
 * again by its stored key), a new order, each authorization answered by the chosen challenge while
 * the server validates, then a CSR with a fresh key, and the chain. Blocking; each wait is bounded
 * by {@code timeout}.
 */
public final class AcmeIssuer {

  /** How long one step (a validation, the finalization) may take in production. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private final AcmeStorage storage;
  private final TlsAlpnChallenges tlsAlpn;
  private final HttpChallenges http;
  private final Duration timeout;

  public AcmeIssuer(
      AcmeStorage storage, TlsAlpnChallenges tlsAlpn, HttpChallenges http, Duration timeout) {
    this.storage = storage;
    this.tlsAlpn = tlsAlpn;
    this.http = http;
    this.timeout = timeout;
  }

  /** A new certificate for {@code host}, saved under {@code <data>/acme/<host>/}. */
  public ServedCertificate obtain(String host, CertificateSource.Acme settings, ChallengeType type)
      throws AcmeFailure, InterruptedException {
    Session session = session(settings);
    try {
      Login login = login(session, settings);
      Order order = login.newOrder().domain(host).create();
      for (Authorization authorization : order.getAuthorizations()) {
        if (authorization.getStatus() != Status.VALID) {
          authorize(host, authorization, type);
        }
      }
      if (order.waitUntilReady(timeout) != Status.READY) {
        throw new AcmeFailure(
            Code.ACME_TIMEOUT, "the order for " + host + " did not become ready", null);
      }
      KeyPair key = KeyPairs.p256();
      order.execute(key);
      Status status = order.waitForCompletion(timeout);
      if (status != Status.VALID) {
        throw new AcmeFailure(
            Code.ACME_SERVER_ERROR,
            "the order for " + host + " ended " + status + problem(order.getError()),
            null);
      }
      List<X509Certificate> chain = order.getCertificate().getCertificateChain();
      try {
        storage.saveCertificate(host, key, chain);
      } catch (IOException e) {
        throw new AcmeFailure(
            Code.ACME_STORAGE, "saving the certificate of " + host + ": " + e.getMessage(), e);
      }
      return new ServedCertificate(key.getPrivate(), chain);
    } catch (AcmeRateLimitedException e) {
      throw new AcmeFailure(Code.ACME_RATE_LIMITED, describe(e), e, e.getRetryAfter());
    } catch (AcmeNetworkException e) {
      throw new AcmeFailure(
          Code.ACME_SERVER_UNREACHABLE, settings.directory() + ": " + describe(e), e);
    } catch (AcmeProtocolException e) {
      // acme4j's unchecked "this is not what ACME answers", e.g. a directory that is no JSON
      throw new AcmeFailure(
          Code.ACME_SERVER_UNREACHABLE, settings.directory() + ": " + e.getMessage(), e);
    } catch (AcmeException e) {
      throw new AcmeFailure(Code.ACME_SERVER_ERROR, settings.directory() + ": " + describe(e), e);
    }
  }

  private void authorize(String host, Authorization authorization, ChallengeType type)
      throws AcmeException, AcmeFailure, InterruptedException {
    Challenge challenge;
    Runnable disarm;
    switch (type) {
      case TLS_ALPN_01 -> {
        TlsAlpn01Challenge c = find(authorization, TlsAlpn01Challenge.class, type);
        KeyPair key = KeyPairs.rsa2048();
        X509Certificate certificate = c.createCertificate(key, authorization.getIdentifier());
        tlsAlpn.arm(host, new TlsAlpnChallenges.Response(key, certificate));
        challenge = c;
        disarm = () -> tlsAlpn.disarm(host);
      }
      case HTTP_01 -> {
        Http01Challenge c = find(authorization, Http01Challenge.class, type);
        http.arm(host, c.getToken(), c.getAuthorization());
        challenge = c;
        disarm = () -> http.disarm(c.getToken());
      }
      default -> throw new IllegalStateException("unknown challenge type " + type);
    }
    try {
      challenge.trigger();
      Status status = challenge.waitForCompletion(timeout);
      if (status != Status.VALID) {
        throw new AcmeFailure(
            Code.ACME_CHALLENGE_FAILED,
            type + " for " + host + " ended " + status + problem(challenge.getError()),
            null);
      }
    } finally {
      disarm.run();
    }
  }

  private static <C extends Challenge> C find(
      Authorization authorization, Class<C> kind, ChallengeType type) throws AcmeFailure {
    return authorization
        .findChallenge(kind)
        .orElseThrow(
            () ->
                new AcmeFailure(
                    Code.ACME_NO_USABLE_CHALLENGE,
                    "the server offers no "
                        + type
                        + " challenge for "
                        + authorization.getIdentifier(),
                    null));
  }

  private Session session(CertificateSource.Acme settings) throws AcmeFailure {
    URI directory = settings.directory();
    if (!"https".equals(directory.getScheme()) && !"http".equals(directory.getScheme())) {
      throw new AcmeFailure(Code.ACME_DIRECTORY_INVALID, "not an http(s) URL: " + directory, null);
    }
    AcmeProvider provider;
    if (settings.caFile().isPresent()) {
      try {
        provider = CaFileAcmeProvider.trusting(settings.caFile().get());
      } catch (IOException | GeneralSecurityException e) {
        throw new AcmeFailure(
            Code.ACME_DIRECTORY_INVALID, "ca_file " + settings.caFile().get() + ": " + e, e);
      }
    } else {
      provider = new GenericAcmeProvider();
    }
    Session session = new Session(directory, provider);
    session.networkSettings().setTimeout(Duration.ofSeconds(30));
    return session;
  }

  private Login login(Session session, CertificateSource.Acme settings)
      throws AcmeException, AcmeFailure {
    KeyPair accountKey;
    try {
      accountKey = storage.accountKey(settings.directory().toString());
    } catch (IOException e) {
      throw new AcmeFailure(Code.ACME_STORAGE, "the account key: " + e.getMessage(), e);
    }
    // RFC 8555 §7.3: configuring an ACME directory is agreeing to its terms of service; with a
    // key the server knows, this finds the existing account (§7.3.1).
    AccountBuilder account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
    settings.email().ifPresent(account::addEmail);
    return account.createLogin(session);
  }

  private static String problem(Optional<Problem> problem) {
    return problem.map(p -> ": " + p.getDetail().orElse(p.getType().toString())).orElse("");
  }

  private static String describe(AcmeException e) {
    if (e instanceof AcmeServerException server) {
      return server.getProblem().getDetail().orElse(server.getType().toString());
    }
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
