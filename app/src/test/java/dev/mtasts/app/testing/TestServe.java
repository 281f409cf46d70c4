package dev.mtasts.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.app.serve.ServeService;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real serve for tests, the one fixture every serve test starts it with: the store in {@code
 * DIR/data} (or {@code database:} when the YAML names one), the plain-HTTP listener on an ephemeral
 * loopback port, the admin token {@link #TOKEN}. Register it with {@code @RegisterExtension} and it
 * stops after each test; or close it yourself.
 */
public final class TestServe implements AfterEachCallback, AutoCloseable {

  /** The admin token of every test serve. */
  public static final String TOKEN = "test-admin-token-0123456789";

  private Path dir;
  private String yaml;
  private ServeService service;
  private WebClient web;

  /**
   * Starts serve on {@code data: data} and {@code http.listen: 127.0.0.1:0}, then {@code yaml}
   * (which may add keys under {@code http:} when it starts with two spaces).
   */
  public TestServe start(Path dir, String yaml) throws Exception {
    close();
    this.dir = dir;
    this.yaml = yaml;
    return start(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  private TestServe start(HttpClient client) throws Exception {
    ParseResult<ServeConfig> parsed =
        ServeConfigReader.read("data: data\nhttp:\n  listen: 127.0.0.1:0\n" + yaml, dir);
    assertThat(parsed.errors()).isEmpty();
    service = ServeService.start(parsed.orThrow(), TOKEN, SystemdNotifier.fromEnvironment());
    web = new WebClient(URI.create("http://127.0.0.1:" + service.httpAddress().getPort()), client);
    return this;
  }

  /** Stops serve and starts it again on the same config and store (on another port). */
  public TestServe restart() throws Exception {
    service.close();
    service = null;
    return start(web.http);
  }

  public ServeService service() {
    return service;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI base() {
    return web.base;
  }

  /** A client on the plain-HTTP listener, without a session or token. */
  public WebClient web() {
    return web;
  }

  /** GET {@code path} with the admin token. */
  public HttpResponse<String> get(String path) throws Exception {
    return web.get(path, "Authorization", "Bearer " + TOKEN);
  }

  /** POST {@code body} to {@code /v1/tlsrpt} as {@code type} (none when null). */
  public HttpResponse<String> upload(String type, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base().resolve("/v1/tlsrpt"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return web.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in with the admin token: the session's cookie header and its CSRF token. */
  public WebClient.Session login() throws Exception {
    return web.session(TOKEN);
  }

  /**
   * A certificate for {@code localhost} from a fresh test CA, written to {@code dir} as
   * fullchain.pem and privkey.pem.
   *
   * @param yaml the {@code https:} section serving it on an ephemeral loopback port
   * @param trust a client context that trusts the CA
   */
  public record Tls(String yaml, SSLContext trust) {}

  public static Tls tls(Path dir) throws Exception {
    TestCertificates.Authority ca = TestCertificates.rootCa("Serve Test Root");
    TestCertificates.Issued leaf = ca.issue("localhost");
    Files.writeString(dir.resolve("fullchain.pem"), leaf.chainPem());
    Files.writeString(dir.resolve("privkey.pem"), leaf.keyPem());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    return new Tls(
        "https:\n  listen: 127.0.0.1:0\n  certificate: {cert: fullchain.pem, key: privkey.pem}\n",
        tls);
  }

  /** A client of the TLS listener that trusts {@code tls}'s CA. */
  public WebClient https(Tls tls) {
    return new WebClient(
        URI.create("https://localhost:" + service.httpsAddress().orElseThrow().getPort()),
        HttpClient.newBuilder().sslContext(tls.trust()).build());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    if (service != null) {
      service.close();
      service = null;
    }
  }
}
