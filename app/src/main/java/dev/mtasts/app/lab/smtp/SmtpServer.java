package dev.mtasts.app.lab.smtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One MX host: an SMTP listener on its own address, one virtual thread per session. */
public final class SmtpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);

  private final SmtpHost host;
  private final MailSink sink;
  private final Clock clock;
  private final Duration idleTimeout;
  private final ServerSocket listener;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  private SmtpServer(
      SmtpHost host, MailSink sink, Clock clock, Duration idleTimeout, ServerSocket listener) {
    this.host = host;
    this.sink = sink;
    this.clock = clock;
    this.idleTimeout = idleTimeout;
    this.listener = listener;
  }

  /** Starts an MX host on {@code address}. */
  public static SmtpServer start(
      InetSocketAddress address, SmtpHost host, MailSink sink, Clock clock, Duration idleTimeout)
      throws IOException {
    ServerSocket listener = new ServerSocket();
    try {
      listener.bind(address, 64);
    } catch (IOException e) {
      listener.close();
      throw e;
    }
    SmtpServer server = new SmtpServer(host, sink, clock, idleTimeout, listener);
    server.threads.execute(server::acceptLoop);
    return server;
  }

  /** Where the server listens. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket connection = listener.accept();
        threads.execute(() -> serve(connection));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("{}: accept failed: {}", host.name(), e.toString());
        }
      }
    }
  }

  private void serve(Socket connection) {
    try {
      connection.setSoTimeout(Math.toIntExact(idleTimeout.toMillis()));
      new SmtpSession(connection, host, sink, clock).run();
    } catch (IOException e) {
      LOG.debug("{}: session ended: {}", host.name(), e.toString());
    } finally {
      try {
        connection.close();
      } catch (IOException e) {
        LOG.debug("{}: close failed: {}", host.name(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("{}: closing the listener: {}", host.name(), e.toString());
    }
    threads.shutdownNow();
  }
}
