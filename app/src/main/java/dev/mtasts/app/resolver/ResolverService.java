package dev.mtasts.app.resolver;

import dev.mtasts.app.resolver.cache.PolicyCaches;
import dev.mtasts.app.sending.HandshakeSink;
import dev.mtasts.app.socketmap.Endpoint;
import dev.mtasts.app.socketmap.Netstring;
import dev.mtasts.app.socketmap.ServerOptions;
import dev.mtasts.app.socketmap.SocketmapServer;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.RefreshObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: cache, socketmap server, metrics endpoint, systemd notification, and with
 * {@code tlsrpt_reporting} the TLS-RPT collection and sending. Start with {@link #start}; {@link
 * #close} stops in reverse order (STOPPING=1, drain the server within {@code shutdown_timeout}, the
 * collection sources, the engine, the sending (last counts written), metrics, cache).
 */
public final class ResolverService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResolverService.class);

  private final PolicyCache cache;
  private final PolicyEngine engine;
  private final SocketmapServer server;
  private final Optional<MetricsEndpoint> metricsEndpoint;
  private final SystemdNotifier notifier;
  private final Optional<TlsrptReporting> reporting;

  private ResolverService(
      PolicyCache cache,
      PolicyEngine engine,
      SocketmapServer server,
      Optional<MetricsEndpoint> metricsEndpoint,
      SystemdNotifier notifier,
      Optional<TlsrptReporting> reporting) {
    this.cache = cache;
    this.engine = engine;
    this.server = server;
    this.metricsEndpoint = metricsEndpoint;
    this.notifier = notifier;
    this.reporting = reporting;
  }

  /**
   * Starts the daemon.
   *
   * @param sources DNS, trusted CAs and clock for fetching policies
   */
  public static ResolverService start(
      ResolverConfig config, PolicySources sources, SystemdNotifier notifier) throws IOException {
    Optional<PrometheusResolverMetrics> exported =
        config.metricsListen().map(listen -> new PrometheusResolverMetrics());
    ResolverMetrics metrics = exported.isPresent() ? exported.get() : ResolverMetrics.NONE;
    PolicyCache cache = PolicyCaches.open(config.cache());
    SocketmapServer server = null;
    PolicyEngine engine = null;
    Optional<TlsrptReporting> reporting = Optional.empty();
    try {
      // tlsrpt_reporting: count what the collection sources report, send each day's reports
      RefreshObserver reports = RefreshObserver.NONE;
      if (config.reporting().isPresent()) {
        reporting = Optional.of(TlsrptReporting.start(config, sources, exported));
        reports = reporting.get().fetchFailures();
      }
      engine = PolicyEngine.start(config, sources, cache, metrics, reports);
      if (reporting.isPresent()) {
        reporting.get().startCollection(engine.cache());
      }
      server =
          SocketmapServer.start(
              new ServerOptions(
                  resolved(config.endpoint()),
                  Netstring.DEFAULT_MAX_REQUEST,
                  config.idleTimeout(),
                  config.shutdownTimeout(),
                  config.limits().maxConnections(),
                  config.limits().maxLookups()),
              engine.lookup(),
              metrics);
      Optional<MetricsEndpoint> endpoint = Optional.empty();
      if (exported.isPresent()) {
        endpoint = Optional.of(MetricsEndpoint.start(config.metricsListen().get(), exported.get()));
        LOG.info(
            "metrics on http://{}:{}/metrics",
            endpoint.get().address().getHostString(),
            endpoint.get().address().getPort());
      }
      ResolverService service =
          new ResolverService(cache, engine, server, endpoint, notifier, reporting);
      notifier.ready();
      return service;
    } catch (IOException | RuntimeException e) {
      if (server != null) {
        server.close();
      }
      if (reporting.isPresent()) {
        reporting.get().stopCollection();
      }
      if (engine != null) {
        engine.close();
      }
      if (reporting.isPresent()) {
        reporting.get().close();
      }
      cache.close();
      throw e;
    }
  }

  /** The config's host is a name or address; bind needs it resolved. */
  private static Endpoint resolved(Endpoint endpoint) {
    if (endpoint instanceof Endpoint.Tcp tcp && tcp.address().isUnresolved()) {
      return new Endpoint.Tcp(
          new InetSocketAddress(tcp.address().getHostString(), tcp.address().getPort()),
          tcp.reusePort());
    }
    return endpoint;
  }

  /** Where the socketmap server listens. */
  public SocketAddress socketmapAddress() {
    return server.localAddress();
  }

  /** Where {@code /metrics} is served, if enabled. */
  public Optional<InetSocketAddress> metricsAddress() {
    return metricsEndpoint.map(MetricsEndpoint::address);
  }

  /** Where TLS-RPT collection sources hand their results, when {@code tlsrpt_reporting} is set. */
  public Optional<HandshakeSink> tlsrptSink() {
    return reporting.isPresent() ? Optional.of(reporting.get().sink()) : Optional.empty();
  }

  @Override
  public void close() {
    notifier.stopping();
    server.close();
    if (reporting.isPresent()) { // no method reference: the class loads only when configured
      reporting.get().stopCollection();
    }
    engine.close();
    if (reporting.isPresent()) {
      reporting.get().close();
    }
    metricsEndpoint.ifPresent(MetricsEndpoint::close);
    cache.close();
  }
}
