package dev.mtasts.app.acme;

import dev.mtasts.app.listen.CannotListenException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional plain-HTTP listener ({@code policy_host.acme_http_listen}) for HTTP-01 (RFC 8555
 * §8.3): it serves only {@code /.well-known/acme-challenge/<token>} and answers 404 to everything
 * else. It never redirects to HTTPS: a policy fetched over plain HTTP must not exist (RFC 8461
 * §3.3).
 */
public final class AcmeHttpListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("mtasts.acme");
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  private final Server server;
  private final ServerConnector connector;

  private AcmeHttpListener(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Listens on {@code listen} and answers from {@code challenges}. */
  public static AcmeHttpListener start(InetSocketAddress listen, HttpChallenges challenges)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName("acme-http");
    Server server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost(listen.getAddress().getHostAddress());
    connector.setPort(listen.getPort());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    server.setHandler(challenges);
    CannotListenException.bind(
        listen,
        "policy_host.acme_http_listen in the config",
        () -> {
          connector.open();
          return connector;
        });
    server.start();
    LOG.info("acme: HTTP-01 challenges answered on {}", address(connector));
    return new AcmeHttpListener(server, connector);
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return address(connector);
  }

  private static InetSocketAddress address(ServerConnector connector) {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("acme: stopping the HTTP-01 listener: {}", e.getMessage());
    }
  }
}
