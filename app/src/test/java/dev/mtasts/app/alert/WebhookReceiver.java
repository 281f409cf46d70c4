package dev.mtasts.app.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook endpoint on 127.0.0.1 (JDK HttpServer) that keeps every POST it gets. */
public final class WebhookReceiver implements AutoCloseable {

  /** One request: its headers (lower-case names) and exact body. */
  public record Received(Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          int status = 200;
          if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
          } else {
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange
                .getRequestHeaders()
                .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.getFirst()));
            headers.put(":method", exchange.getRequestMethod());
            received.add(new Received(headers, body));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** The next {@code n} requests are answered 500 and not kept. */
  public void failNext(int n) {
    failuresLeft.set(n);
  }

  public URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=t0ps3cret");
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
