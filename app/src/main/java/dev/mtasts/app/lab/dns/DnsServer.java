package dev.mtasts.app.lab.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authoritative DNS server for one {@link Zone} on UDP and TCP of the same address and port (RFC
 * 1035 §4.2, RFC 7766: TCP messages carry a two-byte length prefix and a connection may carry
 * several). Each query is answered on a virtual thread.
 */
public final class DnsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
  private static final int MAX_UDP_QUERY = 4096;
  private static final int BIND_ATTEMPTS = 10;

  private final Responder responder;
  private final Duration idleTimeout;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final InetSocketAddress address;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  private DnsServer(Zone zone, InetAddress address, int port, Duration idleTimeout)
      throws IOException {
    this.responder = new Responder(zone);
    this.idleTimeout = idleTimeout;
    DatagramSocket boundUdp = null;
    ServerSocket boundTcp = null;
    // With port 0, UDP picks a free port and TCP takes the same number; retry if TCP's is taken.
    for (int attempt = 1; boundTcp == null; attempt++) {
      boundUdp = new DatagramSocket(new InetSocketAddress(address, port));
      try {
        boundTcp = new ServerSocket();
        boundTcp.bind(new InetSocketAddress(address, boundUdp.getLocalPort()), 64);
      } catch (IOException e) {
        boundUdp.close();
        boundTcp = null;
        if (port != 0 || attempt >= BIND_ATTEMPTS) {
          throw e;
        }
      }
    }
    this.udp = boundUdp;
    this.tcp = boundTcp;
    this.address = new InetSocketAddress(address, boundUdp.getLocalPort());
  }

  /** Starts serving {@code zone} on {@code address}:{@code port} (0 for a free port). */
  public static DnsServer start(Zone zone, InetAddress address, int port, Duration idleTimeout)
      throws IOException {
    DnsServer server = new DnsServer(zone, address, port, idleTimeout);
    server.threads.execute(server::serveUdp);
    server.threads.execute(server::serveTcp);
    return server;
  }

  /** Where the server listens (UDP and TCP). */
  public InetSocketAddress address() {
    return address;
  }

  private void serveUdp() {
    byte[] buffer = new byte[MAX_UDP_QUERY];
    while (!udp.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (!udp.isClosed()) {
          LOG.warn("DNS UDP receive failed: {}", e.toString());
        }
        continue;
      }
      byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
      var client = packet.getSocketAddress();
      threads.execute(
          () ->
              responder
                  .udp(query)
                  .ifPresent(
                      answer -> {
                        try {
                          udp.send(new DatagramPacket(answer, answer.length, client));
                        } catch (IOException e) {
                          LOG.debug("DNS UDP send to {} failed: {}", client, e.toString());
                        }
                      }));
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try {
        Socket connection = tcp.accept();
        threads.execute(() -> serveConnection(connection));
      } catch (IOException e) {
        if (!tcp.isClosed()) {
          LOG.warn("DNS TCP accept failed: {}", e.toString());
        }
      }
    }
  }

  private void serveConnection(Socket connection) {
    try (connection) {
      connection.setSoTimeout(Math.toIntExact(idleTimeout.toMillis()));
      DataInputStream in = new DataInputStream(connection.getInputStream());
      DataOutputStream out = new DataOutputStream(connection.getOutputStream());
      while (true) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException e) {
          return; // the client is done
        }
        byte[] query = in.readNBytes(length);
        if (query.length < length) {
          return;
        }
        Optional<byte[]> answer = responder.tcp(query);
        if (answer.isEmpty()) {
          return;
        }
        out.writeShort(answer.get().length);
        out.write(answer.get());
        out.flush();
      }
    } catch (SocketException e) {
      LOG.debug("DNS TCP connection ended: {}", e.toString());
    } catch (IOException e) {
      LOG.debug("DNS TCP connection failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      LOG.debug("closing the DNS TCP socket: {}", e.toString());
    }
    threads.shutdownNow();
  }
}
