package dev.mtasts.app.sending;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/** An SMTP server on loopback that keeps each message's bytes as received (SubEthaSMTP). */
public final class RawSmtpSink implements AutoCloseable {

  /** One message: envelope and the bytes after DATA. */
  public record Received(String from, String to, byte[] data) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final SMTPServer server;
  private volatile boolean accepting = true;

  public RawSmtpSink() {
    server =
        SMTPServer.port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .simpleMessageListener(
                new SimpleMessageListener() {
                  @Override
                  public boolean accept(String from, String recipient) {
                    return accepting;
                  }

                  @Override
                  public void deliver(String from, String recipient, InputStream data)
                      throws IOException {
                    received.add(new Received(from, recipient, data.readAllBytes()));
                  }
                })
            .build();
    server.start();
  }

  /** Whether recipients are accepted (otherwise RCPT gets a 5xx). */
  public void accepting(boolean accept) {
    this.accepting = accept;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPortAllocated());
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop();
  }
}
