package dev.mtasts.app.lab.https;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * One policy host, {@code mta-sts.<domain>}: an HTTPS server on its own address that answers the
 * well-known policy path (RFC 8461 §3.3) with a fixed {@link PolicyResponse} and 404 elsewhere.
 */
public final class PolicyHostServer implements AutoCloseable {

  /** RFC 8461 §3.3: the policy's fixed location on the policy host. */
  public static final String POLICY_PATH = "/.well-known/mta-sts.txt";

  private final HttpsServer server;
  private final ExecutorService threads;

  private PolicyHostServer(HttpsServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Starts serving {@code policy} with TLS 1.2/1.3 and the certificate of {@code tls}. */
  public static PolicyHostServer start(
      InetSocketAddress address, SSLContext tls, PolicyResponse policy) throws IOException {
    HttpsServer server = HttpsServer.create(address, 64);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = tls.getDefaultSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            params.setSSLParameters(parameters);
          }
        });
    server.createContext("/", exchange -> answer(exchange, policy));
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(threads);
    server.start();
    return new PolicyHostServer(server, threads);
  }

  /** Where the server listens. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void answer(HttpExchange exchange, PolicyResponse policy) throws IOException {
    try (exchange) {
      exchange.getRequestBody().skip(Long.MAX_VALUE);
      String method = exchange.getRequestMethod();
      PolicyResponse response =
          exchange.getRequestURI().getPath().equals(POLICY_PATH)
              ? policy
              : PolicyResponse.status(404, "Not Found");
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response = PolicyResponse.status(405, "Method Not Allowed");
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      }
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      response.location().ifPresent(l -> exchange.getResponseHeaders().set("Location", l));
      byte[] body = response.body();
      boolean head = method.equals("HEAD");
      exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
