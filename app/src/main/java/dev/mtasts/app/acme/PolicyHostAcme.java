package dev.mtasts.app.acme;

import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.hosting.CertificateSupply;
import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.app.hosting.PolicyHosting;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * ACME as {@code serve} runs it for {@code policy_host}: certificates under {@code <data>/acme/},
 * TLS-ALPN-01 on the policy listener, or HTTP-01 on {@code acme_http_listen} when that is set,
 * production backoff and timeouts. Order: {@link #open} (stored certificates), then the listener
 * with {@link #supply} and {@link #tlsAlpn}, then {@link #start}.
 */
public final class PolicyHostAcme implements AutoCloseable {

  private final TlsAlpnChallenges tlsAlpn;
  private final HttpChallenges http;
  private final AcmeCertificates certificates;
  private final PolicyHostConfig config;
  private Optional<AcmeHttpListener> httpListener = Optional.empty();

  private PolicyHostAcme(
      TlsAlpnChallenges tlsAlpn,
      HttpChallenges http,
      AcmeCertificates certificates,
      PolicyHostConfig config) {
    this.tlsAlpn = tlsAlpn;
    this.http = http;
    this.certificates = certificates;
    this.config = config;
  }

  /** Reads the stored certificates of {@code config}'s ACME domains. */
  public static PolicyHostAcme open(PolicyHostConfig config, Path data) {
    TlsAlpnChallenges tlsAlpn = new TlsAlpnChallenges();
    HttpChallenges http = new HttpChallenges();
    AcmeStorage storage = new AcmeStorage(data);
    AcmeCertificates certificates =
        new AcmeCertificates(
            new AcmeIssuer(storage, tlsAlpn, http, AcmeIssuer.DEFAULT_TIMEOUT),
            storage,
            config.acmeHttpListen().isPresent() ? ChallengeType.HTTP_01 : ChallengeType.TLS_ALPN_01,
            Backoff.DEFAULT,
            Clock.systemUTC());
    certificates.load(config.domains());
    return new PolicyHostAcme(tlsAlpn, http, certificates, config);
  }

  /** ACME domains' certificates from here, the others' from {@code others} (PEM files). */
  public CertificateSupply supply(CertificateSupply others) {
    return domain ->
        domain.certificate() instanceof CertificateSource.Acme
            ? certificates.current(domain)
            : others.current(domain);
  }

  /** The TLS-ALPN-01 challenges the policy listener answers. */
  public Optional<TlsAlpnChallenges> tlsAlpn() {
    return Optional.of(tlsAlpn);
  }

  /** Opens the HTTP-01 listener when configured, and starts issuing and renewing. */
  public void start(PolicyHosting hosting) throws Exception {
    if (config.acmeHttpListen().isPresent()) {
      httpListener = Optional.of(AcmeHttpListener.start(config.acmeHttpListen().get(), http));
    }
    certificates.start(hosting::reloadCertificates);
  }

  /** What is known about {@code host}'s certificate, if it comes from ACME. */
  public Optional<AcmeCertificates.State> state(String host) {
    return certificates.state(host);
  }

  @Override
  public void close() {
    certificates.close();
    httpListener.ifPresent(AcmeHttpListener::close);
  }
}
