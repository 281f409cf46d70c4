package dev.mtasts.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TCP server on 127.0.0.1 (an ephemeral port) that runs a scripted {@link Conversation} for each
 * connection on its own virtual thread. Tests script well-behaved and misbehaving servers with it.
 * Errors inside a conversation are collected in {@link #errors()} rather than lost.
 */
public final class LoopbackServer implements AutoCloseable {

  /** What the server does with one accepted connection. The socket is closed afterwards. */
  @FunctionalInterface
  public interface Conversation {
    void run(Socket socket) throws Exception;
  }

  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private LoopbackServer(Conversation conversation) throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = Thread.ofVirtual().start(() -> acceptLoop(conversation));
  }

  public static LoopbackServer start(Conversation conversation) throws IOException {
    return new LoopbackServer(conversation);
  }

  public int port() {
    return server.getLocalPort();
  }

  public InetAddress address() {
    return server.getInetAddress();
  }

  public List<Throwable> errors() {
    return List.copyOf(errors);
  }

  private void acceptLoop(Conversation conversation) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Thread.ofVirtual()
            .start(
                () -> {
                  try (socket) {
                    conversation.run(socket);
                  } catch (Exception e) {
                    if (!server.isClosed()) {
                      errors.add(e);
                    }
                  } finally {
                    open.remove(socket);
                  }
                });
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Closes the listener and every open connection. */
  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
    try {
      acceptor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Server side of a TLS handshake on an accepted socket, limited to {@code protocols}. */
  public static SSLSocket serverTls(Socket plain, SSLContext context, String... protocols)
      throws IOException {
    SSLSocket tls =
        (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
    tls.setUseClientMode(false);
    if (protocols.length > 0) {
      tls.setEnabledProtocols(protocols);
    }
    tls.startHandshake();
    return tls;
  }

  /** Reads up to and including the first empty line (an HTTP request head), at most 16 KiB. */
  public static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 16 * 1024 && !head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Reads one line ending in LF (an SMTP command), without the line ending; null at the end. */
  public static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        return line.toString().stripTrailing();
      }
      line.append((char) b);
    }
    return line.isEmpty() ? null : line.toString();
  }

  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
