package dev.mtasts.app.hosting;

import dev.mtasts.app.acme.AcmeSslContextFactory;
import dev.mtasts.app.acme.AcmeTlsConnectionFactory;
import dev.mtasts.app.acme.TlsAlpnChallenges;
import dev.mtasts.app.listen.CannotListenException;
import dev.mtasts.core.tls.CertificateNames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running policy host: one HTTPS listener (HTTP/1.1 and HTTP/2 by ALPN, TLS 1.2 and 1.3 with
 * forward-secret AEAD ciphers only) that serves every hosted domain's policy, each with its own
 * certificate chosen by SNI (RFC 8461 §3.3). {@link #apply} replaces the configuration and
 * certificates without dropping a connection: new handshakes get the new certificates, connections
 * already open keep theirs. A changed {@code listen} is bound before the old listener is closed. A
 * configuration whose certificates or address cannot be used is refused whole and the previous one
 * goes on serving. Every change is logged.
 */
public final class PolicyHosting implements AutoCloseable {

  /**
   * The log of every change to what is hosted; logged at INFO whatever {@code MTASTS_LOG_LEVEL}
   * says (LogConfiguration).
   */
  public static final String LOG_NAME = "mtasts.policy_host";

  private static final Logger LOG = LoggerFactory.getLogger(LOG_NAME);

  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** TLS 1.3's suites and TLS 1.2's ECDHE with AEAD (forward secrecy, no CBC, no RSA kx). */
  static final String[] CIPHERS = {
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
  };

  private static final String HTTP_1_1 = "http/1.1";
  private static final String HTTP_1_0 = "http/1.0";

  /** The in-memory key store's password; it never leaves this process. */
  private static final String STORE_PASSWORD = "mtasts";

  private static final long IDLE_TIMEOUT_MS = 30_000;

  private final Server server;
  private final SslContextFactory.Server ssl;
  private final Optional<TlsAlpnChallenges> tlsAlpn;
  private final PolicyHandler handler;
  private final CertificateSupply supply;
  private volatile ServerConnector connector;
  private State state;

  /** What is served now: the configuration, each domain's policy and certificate. */
  private record State(
      PolicyHostConfig config,
      Map<String, HostedPolicy> policies,
      Map<String, ServedCertificate> certificates) {}

  private PolicyHosting(
      Server server,
      ServerConnector connector,
      SslContextFactory.Server ssl,
      Optional<TlsAlpnChallenges> tlsAlpn,
      PolicyHandler handler,
      CertificateSupply supply,
      State state) {
    this.server = server;
    this.connector = connector;
    this.ssl = ssl;
    this.tlsAlpn = tlsAlpn;
    this.handler = handler;
    this.supply = supply;
    this.state = state;
  }

  /**
   * Reads every certificate, binds {@code config.listen()} and starts serving.
   *
   * @throws CannotListenException when the address is busy or not ours
   * @throws IOException when a certificate cannot be read or does not fit its domain
   */
  public static PolicyHosting start(PolicyHostConfig config, CertificateSupply supply)
      throws Exception {
    return start(config, supply, Optional.empty());
  }

  /**
   * As {@link #start(PolicyHostConfig, CertificateSupply)}, answering TLS-ALPN-01 validations (RFC
   * 8737) from {@code tlsAlpn} too: {@code acme-tls/1} is offered after the HTTP protocols.
   */
  public static PolicyHosting start(
      PolicyHostConfig config, CertificateSupply supply, Optional<TlsAlpnChallenges> tlsAlpn)
      throws Exception {
    State state = load(config, supply);
    SslContextFactory.Server ssl =
        tlsAlpn.isPresent()
            ? new AcmeSslContextFactory(tlsAlpn.get())
            : new SslContextFactory.Server();
    ssl.setKeyStore(keyStore(state.certificates()));
    ssl.setKeyStorePassword(STORE_PASSWORD);
    ssl.setKeyManagerPassword(STORE_PASSWORD);
    ssl.setIncludeProtocols(PROTOCOLS);
    ssl.setIncludeCipherSuites(CIPHERS);
    ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
    ssl.setRenegotiationAllowed(false);
    // A handshake without SNI, or naming no hosted policy host, gets no certificate at all.
    ssl.setSniRequired(true);
    ssl.setSNISelector(PolicyHosting::selectAlias);

    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("policy-host");
    Server server = new Server(threads);
    ServerConnector connector = connector(server, ssl, tlsAlpn, config.listen());
    server.addConnector(connector);
    PolicyHandler handler = new PolicyHandler();
    handler.serve(List.copyOf(state.policies().values()));
    server.setHandler(handler);
    server.setStopAtShutdown(false);
    bind(connector, config.listen());
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    PolicyHosting hosting =
        new PolicyHosting(server, connector, ssl, tlsAlpn, handler, supply, state);
    state
        .config()
        .domains()
        .forEach(d -> LOG.info("policy_host: serving {}", hosting.describe(d.domain())));
    return hosting;
  }

  /**
   * The HTTPS connector on {@code listen}, not bound yet: TLS by {@code ssl} (shared by every
   * connector, so one reload swaps the certificates of all), then ALPN between HTTP/2, HTTP/1.1,
   * HTTP/1.0 and, with ACME, {@code acme-tls/1}.
   */
  private static ServerConnector connector(
      Server server,
      SslContextFactory.Server ssl,
      Optional<TlsAlpnChallenges> tlsAlpn,
      InetSocketAddress listen) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // The Host must be a name the handshake's certificate holds (no policy across domains).
    http.addCustomizer(new SecureRequestCustomizer());
    HttpConnectionFactory http1 =
        new HttpConnectionFactory(http) {
          // a client that offers only "http/1.0" by ALPN is served too, as nginx does
          @Override
          public List<String> getProtocols() {
            return List.of(HTTP_1_1, HTTP_1_0);
          }
        };
    HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http);
    List<String> protocols = new ArrayList<>(List.of(http2.getProtocol(), HTTP_1_1, HTTP_1_0));
    tlsAlpn.ifPresent(t -> protocols.add(TlsAlpnChallenges.ACME_TLS_1));
    ALPNServerConnectionFactory alpn =
        new ALPNServerConnectionFactory(protocols.toArray(String[]::new));
    alpn.setDefaultProtocol(http1.getProtocol());
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, http2, http1);
    if (tlsAlpn.isPresent()) {
      connector.addConnectionFactory(new AcmeTlsConnectionFactory());
    }
    connector.setHost(listen.getAddress().getHostAddress());
    connector.setPort(listen.getPort());
    connector.setIdleTimeout(IDLE_TIMEOUT_MS);
    return connector;
  }

  private static void bind(ServerConnector connector, InetSocketAddress listen)
      throws CannotListenException {
    CannotListenException.bind(
        listen,
        "policy_host.listen in the config",
        () -> {
          connector.open();
          return connector;
        });
  }

  /** SNI {@code mta-sts.example.org} selects the key entry of that name; nothing else does. */
  private static String selectAlias(
      String keyType,
      java.security.Principal[] issuers,
      javax.net.ssl.SSLSession session,
      String sniHost,
      java.util.Collection<org.eclipse.jetty.util.ssl.X509> certificates) {
    if (sniHost == null) {
      return null;
    }
    String wanted = sniHost.toLowerCase(java.util.Locale.ROOT);
    return certificates.stream()
        .map(org.eclipse.jetty.util.ssl.X509::getAlias)
        .filter(wanted::equals)
        .findFirst()
        .orElse(null);
  }

  /**
   * Serves {@code next} from now on: its certificates are read first, and if any cannot be used the
   * whole configuration is refused and the current one stays. Certificates are swapped without
   * dropping connections.
   *
   * @return whether {@code next} is now served
   */
  public synchronized boolean apply(PolicyHostConfig next) {
    State loaded;
    try {
      loaded = load(next, supply);
    } catch (IOException | GeneralSecurityException e) {
      LOG.error(
          "policy_host: reload refused: {}; still serving the previous configuration",
          e.getMessage());
      return false;
    }
    Optional<ServerConnector> moved = Optional.empty();
    if (!next.listen().equals(state.config().listen())) {
      // bind the new address first: on failure nothing changes, the old listener goes on
      ServerConnector fresh = connector(server, ssl, tlsAlpn, next.listen());
      try {
        bind(fresh, next.listen());
      } catch (CannotListenException e) {
        LOG.error(
            "policy_host: reload refused: {}; still serving the previous configuration on {}",
            e.getMessage(),
            hostPort(address()));
        return false;
      }
      moved = Optional.of(fresh);
    }
    if (!loaded.certificates().equals(state.certificates())) {
      try {
        KeyStore store = keyStore(loaded.certificates());
        ssl.reload(f -> f.setKeyStore(store));
      } catch (Exception e) {
        moved.ifPresent(ServerConnector::close);
        LOG.error(
            "policy_host: reload refused: the new certificates cannot be used: {}; still"
                + " serving the previous configuration",
            e.toString());
        return false;
      }
    }
    if (moved.isPresent() && !move(moved.get())) {
      return false;
    }
    handler.serve(List.copyOf(loaded.policies().values()));
    State previous = state;
    state = loaded;
    logChanges(previous, loaded);
    return true;
  }

  /**
   * Starts serving on {@code fresh} (bound already), then closes the old listener: it stops
   * accepting at once, and its open connections get {@link #IDLE_TIMEOUT_MS} to finish.
   */
  private boolean move(ServerConnector fresh) {
    ServerConnector old = connector;
    try {
      server.addConnector(fresh);
      fresh.start();
    } catch (Exception e) {
      server.removeConnector(fresh);
      fresh.close();
      LOG.error(
          "policy_host: reload refused: the listener on {} did not start: {}; still serving the"
              + " previous configuration on {}",
          hostPort(fresh.getHost(), fresh.getLocalPort()),
          e.toString(),
          hostPort(address()));
      return false;
    }
    // the TLS context is shared: the old connector must not stop it
    old.getBeans(SslConnectionFactory.class).forEach(f -> f.unmanage(ssl));
    fresh.getBeans(SslConnectionFactory.class).forEach(f -> f.manage(ssl));
    connector = fresh;
    LOG.info(
        "policy_host: listening on {} instead of {}",
        hostPort(address()),
        hostPort(old.getHost(), old.getLocalPort()));
    old.shutdown()
        .orTimeout(IDLE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .whenComplete(
            (done, timeout) -> {
              try {
                old.stop();
              } catch (Exception e) {
                LOG.warn("policy_host: stopping the old listener: {}", e.toString());
              }
              server.removeConnector(old);
            });
    return true;
  }

  /** Reads every certificate again (a PEM file changed, ACME renewed one) and swaps them. */
  public synchronized boolean reloadCertificates() {
    return apply(state.config());
  }

  /** The configuration served now. */
  public synchronized PolicyHostConfig config() {
    return state.config();
  }

  /** The policy served now for {@code domain}, if hosted. */
  public synchronized Optional<HostedPolicy> policy(String domain) {
    return Optional.ofNullable(state.policies().get(domain));
  }

  /** The certificate served now for {@code domain}, if it has one. */
  public synchronized Optional<ServedCertificate> certificate(String domain) {
    return Optional.ofNullable(state.certificates().get(domain));
  }

  /** The certificate files of the current configuration, whose change means a reload. */
  public synchronized List<Path> watchedFiles() {
    return state.config().domains().stream()
        .flatMap(d -> d.certificate().files().stream())
        .distinct()
        .toList();
  }

  /** Where the listener is bound now (it moves when a reload changes {@code listen}). */
  public InetSocketAddress address() {
    ServerConnector now = connector;
    return new InetSocketAddress(now.getHost(), now.getLocalPort());
  }

  private static String hostPort(InetSocketAddress address) {
    return hostPort(address.getAddress().getHostAddress(), address.getPort());
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("policy_host: stopping the listener: {}", e.toString());
    }
  }

  private static State load(PolicyHostConfig config, CertificateSupply supply)
      throws IOException, GeneralSecurityException {
    Map<String, HostedPolicy> policies = new LinkedHashMap<>();
    Map<String, ServedCertificate> certificates = new LinkedHashMap<>();
    for (HostedDomain d : config.domains()) {
      policies.put(d.domain(), d.hostedPolicy());
      Optional<ServedCertificate> c;
      try {
        c = supply.current(d);
      } catch (IOException | GeneralSecurityException e) {
        throw new GeneralSecurityException(d.domain() + ": certificate: " + e.getMessage(), e);
      }
      if (c.isEmpty()) {
        LOG.warn(
            "policy_host: {} has no certificate yet; its handshakes fail until it has one",
            d.domain());
        continue;
      }
      if (!CertificateNames.matches(c.get().leaf(), d.policyHost())) {
        throw new GeneralSecurityException(
            d.domain()
                + ": the certificate ("
                + c.get().describe()
                + ") does not name "
                + d.policyHost()
                + " but "
                + CertificateNames.dnsNames(c.get().leaf()));
      }
      if (c.get().notAfter().isBefore(Instant.now())) {
        LOG.warn(
            "policy_host: {}: the certificate expired at {}; senders refuse it (RFC 8461 §3.3)",
            d.domain(),
            c.get().notAfter());
      }
      certificates.put(d.domain(), c.get());
    }
    return new State(config, Map.copyOf(policies), Map.copyOf(certificates));
  }

  private static KeyStore keyStore(Map<String, ServedCertificate> certificates)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (Map.Entry<String, ServedCertificate> e : certificates.entrySet()) {
      store.setKeyEntry(
          HostedDomain.HOST_PREFIX + e.getKey(),
          e.getValue().key(),
          STORE_PASSWORD.toCharArray(),
          e.getValue().chain().toArray(Certificate[]::new));
    }
    return store;
  }

  private String describe(String domain) {
    HostedPolicy p = state.policies().get(domain);
    ServedCertificate c = state.certificates().get(domain);
    return HostedDomain.HOST_PREFIX
        + domain
        + ": policy id "
        + p.id()
        + " (mode "
        + p.policy().mode().token()
        + ", max_age "
        + p.policy().maxAge()
        + "); "
        + (c == null ? "no certificate yet" : "certificate " + c.describe());
  }

  private void logChanges(State before, State after) {
    List<String> changes = new ArrayList<>();
    for (String domain : after.policies().keySet()) {
      HostedPolicy now = after.policies().get(domain);
      HostedPolicy was = before.policies().get(domain);
      if (was == null) {
        changes.add("added " + describe(domain));
        continue;
      }
      if (!was.id().equals(now.id())) {
        changes.add(
            domain
                + ": policy id "
                + was.id()
                + " -> "
                + now.id()
                + " (mode "
                + was.policy().mode().token()
                + " -> "
                + now.policy().mode().token()
                + ")");
      }
      ServedCertificate oldCert = before.certificates().get(domain);
      ServedCertificate newCert = after.certificates().get(domain);
      if (!Objects.equals(oldCert, newCert)) {
        changes.add(
            domain
                + ": certificate "
                + (oldCert == null ? "none" : oldCert.describe())
                + " -> "
                + (newCert == null ? "none" : newCert.describe()));
      }
    }
    before.policies().keySet().stream()
        .filter(d -> !after.policies().containsKey(d))
        .forEach(
            d ->
                changes.add(
                    "removed " + d + " (was policy id " + before.policies().get(d).id() + ")"));
    if (changes.isEmpty()) {
      LOG.info("policy_host: reloaded, nothing changed");
    }
    changes.forEach(c -> LOG.info("policy_host: {}", c));
  }
}
