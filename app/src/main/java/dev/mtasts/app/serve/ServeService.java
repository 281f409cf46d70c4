package dev.mtasts.app.serve;

import dev.mtasts.app.acme.PolicyHostAcme;
import dev.mtasts.app.alert.AlertService;
import dev.mtasts.app.api.HttpApi;
import dev.mtasts.app.api.RateLimiter;
import dev.mtasts.app.check.Checkers;
import dev.mtasts.app.hosting.HostedPolicy;
import dev.mtasts.app.hosting.PemCertificates;
import dev.mtasts.app.hosting.PolicyHosting;
import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.listen.CannotListenException;
import dev.mtasts.app.readiness.ReadinessService;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.rollout.HostedRollout;
import dev.mtasts.app.sending.HandshakeSink;
import dev.mtasts.app.sending.SendingService;
import dev.mtasts.app.sending.SendingSetup;
import dev.mtasts.app.sending.collect.Collection;
import dev.mtasts.app.sending.collect.MicrometerCollectorMetrics;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.app.web.SecurityHeaders;
import dev.mtasts.app.web.Sessions;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running {@code serve}: one store, one intake pipeline, one Jetty server with the plain and
 * the TLS listener, metrics, raw-report retention, systemd notification. {@link #close} stops in
 * order: STOPPING=1, listeners (requests in flight finish and get their answer), then the store
 * (what is waiting is committed).
 */
public final class ServeService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServeService.class);

  /** Requests in flight get this long to finish when stopping. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  /** Bytes per second an upload must at least arrive at. */
  static final long MIN_READ_RATE = 256;

  private final Server server;
  private final ServerConnector http;
  private final Optional<ServerConnector> https;
  private final ReportStore store;
  private final ScheduledExecutorService housekeeping;
  private final SystemdNotifier notifier;
  private final Optional<SmtpIntake> smtp;
  private final Optional<ImapPoller> imap;
  private final AlertService alerts;
  private final ReadinessService readiness;
  private final Optional<PolicyHosting> policyHost;
  private final Optional<PolicyHostReload> policyHostReload;
  private final Optional<PolicyHostAcme> acme;
  private final Optional<HostedRollout> rollout;
  // tlsrpt_reporting: the aggregation and the daily sender (set once at start)
  private Optional<SendingService> sending = Optional.empty();
  // tlsrpt_reporting.socket: the libtlsrpt datagrams (the mail log is the resolver's)
  private Optional<Collection> collection = Optional.empty();

  private ServeService(
      Server server,
      ServerConnector http,
      Optional<ServerConnector> https,
      ReportStore store,
      ScheduledExecutorService housekeeping,
      SystemdNotifier notifier,
      Optional<SmtpIntake> smtp,
      Optional<ImapPoller> imap,
      AlertService alerts,
      ReadinessService readiness,
      Optional<PolicyHosting> policyHost,
      Optional<PolicyHostReload> policyHostReload,
      Optional<PolicyHostAcme> acme,
      Optional<HostedRollout> rollout) {
    this.rollout = rollout;
    this.alerts = alerts;
    this.readiness = readiness;
    this.server = server;
    this.acme = acme;
    this.policyHost = policyHost;
    this.policyHostReload = policyHostReload;
    this.smtp = smtp;
    this.imap = imap;
    this.http = http;
    this.https = https;
    this.store = store;
    this.housekeeping = housekeeping;
    this.notifier = notifier;
  }

  /**
   * Opens the store and starts listening.
   *
   * @throws StoreUnavailableException when the store cannot be opened
   * @throws IOException when a listener cannot bind or the certificate cannot be read
   */
  public static ServeService start(ServeConfig config, String adminToken, SystemdNotifier notifier)
      throws Exception {
    return start(config, adminToken, notifier, Optional.empty());
  }

  /**
   * As {@link #start(ServeConfig, String, SystemdNotifier)}; with the config file, {@code
   * policy_host} is reloaded when the file or a certificate changes, or on SIGHUP.
   */
  public static ServeService start(
      ServeConfig config, String adminToken, SystemdNotifier notifier, Optional<Path> configFile)
      throws Exception {
    // before anything listens: an unreadable ca_file stops the start
    Checkers monitorChecks = HostedRollout.monitorCheckers(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ReportStore store = ReportStore.open(config.storeLocation());
    ScheduledExecutorService housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("serve-housekeeping").daemon(true).unstarted(r));
    Optional<PolicyHostAcme> acme = Optional.empty();
    AlertService alerts = null;
    Optional<PolicyHosting> policyHost = Optional.empty();
    try {
      alerts =
          AlertService.start(store, config.alerts(), monitorChecks.anchors(), Clock.systemUTC());
      if (config.policyHost().isPresent()) {
        // PEM files, and ACME for acme: domains (docs/acme.md)
        acme = Optional.of(PolicyHostAcme.open(config.policyHost().get(), config.data()));
        policyHost =
            Optional.of(
                PolicyHosting.start(
                    config.policyHost().get(),
                    acme.get().supply(new PemCertificates()),
                    acme.get().tlsAlpn()));
        acme.get().start(policyHost.get());
      }
      // the mx-coverage evidence of a hosted domain is its policy as served now (docs/readiness.md)
      Optional<PolicyHosting> hosting = policyHost;
      ReadinessService readiness =
          new ReadinessService(
              store,
              config.readiness(),
              d -> hosting.flatMap(h -> h.policy(d)).map(HostedPolicy::mx),
              Clock.systemUTC());
      IntakePipeline pipeline =
          new IntakePipeline(
              new ReportReader(),
              config.attribution(),
              store,
              new IntakeMetrics(registry),
              config.dkimPolicy(),
              alerts::stored);
      ServeConfig.Limits limits = config.http().limits();
      HttpApi api =
          new HttpApi(
              new HttpApi.Settings(
                  adminToken,
                  config.metricsPublic(),
                  limits.maxBodyBytes(),
                  new RateLimiter(limits.requestsPerSecond(), limits.burst(), System::nanoTime),
                  config.reports().domains(),
                  config.http().trustedProxies()),
              pipeline,
              store,
              readiness,
              registry);
      QueuedThreadPool threads = new QueuedThreadPool(64, 4);
      threads.setName("serve-http");
      threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
      Server server = new Server(threads);
      HttpConfiguration plain = new HttpConfiguration();
      plain.setSendServerVersion(false);
      plain.setSendXPoweredBy(false);
      ServerConnector http =
          connector(server, config.http().listen(), limits, new HttpConnectionFactory(plain));
      server.addConnector(open(http, config.http().listen(), "http.listen"));
      Optional<ServerConnector> https = Optional.empty();
      if (config.https().isPresent()) {
        https = Optional.of(tlsConnector(server, config.https().get(), limits, plain));
        server.addConnector(open(https.get(), config.https().get().listen(), "https.listen"));
      }
      // Slow clients: the idle timeout closes a silent connection; a body that trickles in
      // slower than MIN_READ_RATE is cut off too.
      GracefulHandler graceful =
          new GracefulHandler(
              new SecurityHeaders(new MinimumDataRateHandler(api, MIN_READ_RATE, 0)));
      server.setHandler(graceful);
      server.setStopTimeout(STOP_TIMEOUT.toMillis());
      server.setStopAtShutdown(false);
      server.start();
      Optional<SmtpIntake> smtp = Optional.empty();
      if (config.reports().smtp().isPresent()) {
        try {
          smtp =
              Optional.of(
                  SmtpIntake.start(
                      config.reports().smtp().get(),
                      config.reports().domains(),
                      pipeline,
                      config.https().isPresent()
                          ? Optional.of(tlsContext(config.https().get()))
                          : Optional.empty()));
        } catch (Exception e) {
          // the HTTP listeners are up already: do not leave them running
          server.stop();
          throw e;
        }
      }
      scheduleRetention(housekeeping, store, config.reports().rawRetention());
      scheduleSessionPurge(housekeeping, api.sessions());
      Optional<ImapPoller> imap =
          config.reports().imap().map(settings -> ImapPoller.start(settings, pipeline));
      Optional<PolicyHostReload> reload =
          configFile.isPresent() && policyHost.isPresent()
              ? Optional.of(PolicyHostReload.start(configFile.get(), policyHost.get()))
              : Optional.empty();
      // publishing after serving, retirements, monitoring (RFC 8461 §3.1, §8.3)
      AlertService alertService = alerts;
      Optional<HostedRollout> rollout =
          policyHost.map(
              h ->
                  HostedRollout.start(
                      h,
                      store,
                      alertService.dispatcher(),
                      monitorChecks,
                      configFile,
                      Clock.systemUTC()));
      ServeService service =
          new ServeService(
              server,
              http,
              https,
              store,
              housekeeping,
              notifier,
              smtp,
              imap,
              alerts,
              readiness,
              policyHost,
              reload,
              acme,
              rollout);
      try {
        Optional<SendingSetup> setup = SendingSetup.of(config, monitorChecks.anchors());
        service.sending = setup.map(SendingService::start);
        if (setup.isPresent()) {
          service.collection =
              Optional.of(
                  Collection.start(
                      setup.get().reporting(),
                      service.sending.get().sink(),
                      Optional.empty(),
                      new MicrometerCollectorMetrics(registry),
                      Clock.systemUTC()));
        }
      } catch (RuntimeException e) {
        service.close(); // the listeners are up already
        throw e;
      }
      notifier.ready();
      return service;
    } catch (Exception e) {
      acme.ifPresent(PolicyHostAcme::close);
      policyHost.ifPresent(PolicyHosting::close);
      housekeeping.shutdownNow();
      if (alerts != null) {
        alerts.close();
      }
      store.close();
      throw e;
    }
  }

  /** Binds now, so that a busy port is one line naming the address and the key to change. */
  private static ServerConnector open(ServerConnector c, InetSocketAddress listen, String key)
      throws CannotListenException {
    return CannotListenException.bind(
        listen,
        key + " in the config",
        () -> {
          c.open();
          return c;
        });
  }

  private static ServerConnector connector(
      Server server, InetSocketAddress listen, ServeConfig.Limits limits, ConnectionFactory... f) {
    ServerConnector c = new ServerConnector(server, f);
    c.setHost(listen.getAddress().getHostAddress());
    c.setPort(listen.getPort());
    c.setIdleTimeout(limits.idleTimeout().toMillis());
    return c;
  }

  private static ServerConnector tlsConnector(
      Server server, ServeConfig.Https https, ServeConfig.Limits limits, HttpConfiguration plain)
      throws IOException, GeneralSecurityException {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(PemKeyStore.load(https.certificate(), https.key()));
    ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    HttpConfiguration secure = new HttpConfiguration(plain);
    SecureRequestCustomizer customizer = new SecureRequestCustomizer();
    // The certificate is chosen by the handshake; a sender's SNI naming another of our names
    // must not turn a report away.
    customizer.setSniHostCheck(false);
    secure.addCustomizer(customizer);
    return connector(
        server,
        https.listen(),
        limits,
        new SslConnectionFactory(ssl, "http/1.1"),
        new HttpConnectionFactory(secure));
  }

  private static void scheduleRetention(
      ScheduledExecutorService housekeeping, ReportStore store, Duration retention) {
    if (retention.isZero()) {
      return;
    }
    housekeeping.scheduleWithFixedDelay(
        () -> {
          try {
            int dropped = store.dropRawBefore(Instant.now().minus(retention));
            if (dropped > 0) {
              LOG.info("retention: dropped the raw bytes of {} reports", dropped);
            }
          } catch (StoreUnavailableException e) {
            LOG.warn("retention: {}", e.getMessage());
          }
        },
        1,
        60 * 60,
        TimeUnit.SECONDS);
  }

  /** Deletes expired dashboard sessions hourly (serve's own; another serve's too on PostgreSQL). */
  private static void scheduleSessionPurge(
      ScheduledExecutorService housekeeping, Sessions sessions) {
    housekeeping.scheduleWithFixedDelay(
        () -> {
          try {
            sessions.purgeExpired();
          } catch (StoreUnavailableException e) {
            LOG.warn("sessions: {}", e.getMessage());
          }
        },
        0,
        60 * 60,
        TimeUnit.SECONDS);
  }

  /** Where the plain-HTTP listener is bound. */
  public InetSocketAddress httpAddress() {
    return new InetSocketAddress(http.getHost(), http.getLocalPort());
  }

  /** STARTTLS on the SMTP listener with the {@code https} certificate. */
  private static SSLContext tlsContext(ServeConfig.Https https)
      throws IOException, GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(PemKeyStore.load(https.certificate(), https.key()), PemKeyStore.PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** Where the SMTP listener is bound, when configured. */
  public Optional<InetSocketAddress> smtpAddress() {
    return smtp.map(SmtpIntake::address);
  }

  /** Where the TLS listener is bound, when configured. */
  public Optional<InetSocketAddress> httpsAddress() {
    return https.map(c -> new InetSocketAddress(c.getHost(), c.getLocalPort()));
  }

  /** The alerts: rules, channels, and the dispatcher other components raise alerts through. */
  public AlertService alerts() {
    return alerts;
  }

  /** The enforce-readiness verdicts of this store. */
  public ReadinessService readiness() {
    return readiness;
  }

  /** The policy host listener's address, when {@code policy_host} is configured. */
  public Optional<InetSocketAddress> policyHostAddress() {
    return policyHost.map(PolicyHosting::address);
  }

  /** Where TLS-RPT collection sources hand their results, when {@code tlsrpt_reporting} is set. */
  public Optional<HandshakeSink> tlsrptSink() {
    return sending.map(SendingService::sink);
  }

  @Override
  public void close() {
    notifier.stopping();
    rollout.ifPresent(HostedRollout::close);
    policyHostReload.ifPresent(PolicyHostReload::close);
    acme.ifPresent(PolicyHostAcme::close);
    policyHost.ifPresent(PolicyHosting::close);
    smtp.ifPresent(SmtpIntake::close);
    imap.ifPresent(ImapPoller::close);
    collection.ifPresent(Collection::close);
    sending.ifPresent(SendingService::close);
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP server: {}", e.getMessage());
    }
    housekeeping.shutdownNow();
    alerts.close();
    store.close();
  }
}
