package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real serve (store in a temp dir, Jetty on an ephemeral loopback port) over real HTTP. */
class ServeServiceTest {

  private static final String TOKEN = "test-token-0123456789";

  @TempDir Path dir;

  private ServeService service;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private URI start(String yaml) throws Exception {
    ParseResult<ServeConfig> parsed =
        ServeConfigReader.read("data: data\nhttp:\n  listen: 127.0.0.1:0\n" + yaml, dir);
    assertThat(parsed.errors()).isEmpty();
    service = ServeService.start(parsed.orThrow(), TOKEN, SystemdNotifier.fromEnvironment());
    return URI.create("http://127.0.0.1:" + service.httpAddress().getPort());
  }

  private HttpResponse<String> post(URI base, String type, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve("/v1/tlsrpt"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI base, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] report(String id, String domain) {
    return TestReports.gzip(
        TestReports.json(
            "Google Inc.", id, "2026-07-01", domain, 9, Map.of("certificate-expired", 2L)));
  }

  @Test
  void uploadIsStoredThenADuplicateAndTheSummaryHasItsShape() throws Exception {
    URI base = start("");
    HttpResponse<String> first = post(base, "application/tlsrpt+gzip", report("u1", "example.org"));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(first.body()).isEqualTo("{\"outcome\":\"stored\",\"domains\":[\"example.org\"]}");
    assertThat(post(base, "application/tlsrpt+gzip", report("u1", "example.org")).statusCode())
        .isEqualTo(200);
    String json = TestReports.json("Microsoft", "u2", "2026-07-02", "example.org", 1, Map.of());
    assertThat(
            post(
                    base,
                    "application/tlsrpt+json; charset=utf-8",
                    json.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> summary = get(base, "/api/v1/domains/example.org/summary", TOKEN);
    assertThat(summary.statusCode()).isEqualTo(200);
    assertThat(summary.body())
        .isEqualTo(
            "{\"domain\":\"example.org\",\"reports\":2,\"successful\":10,\"failed\":2,"
                + "\"by_result_type\":{\"certificate-expired\":2},\"by_organization\":{"
                + "\"Google Inc.\":{\"successful\":9,\"failed\":2},"
                + "\"Microsoft\":{\"successful\":1,\"failed\":0}}}");
    assertThat(
            get(base, "/api/v1/domains/EXAMPLE.org/summary?from=2026-07-02&to=2026-07-02", TOKEN)
                .body())
        .startsWith("{\"domain\":\"example.org\",\"reports\":1,\"successful\":1,\"failed\":0,");
    assertThat(get(base, "/api/v1/domains", TOKEN).body())
        .isEqualTo(
            "{\"configured_domains\":null,\"domains\":[{\"domain\":\"example.org\","
                + "\"first_day\":\"2026-07-01\",\"last_day\":\"2026-07-02\",\"successful\":10,"
                + "\"failed\":2}]}");
  }

  @Test
  void otherContentTypesAre415() throws Exception {
    URI base = start("");
    for (String type : new String[] {"application/json", "text/plain", "application/gzip", null}) {
      HttpResponse<String> r = post(base, type, report("t", "example.org"));
      assertThat(r.statusCode()).as(String.valueOf(type)).isEqualTo(415);
      assertThat(r.body()).contains("UNSUPPORTED_MEDIA_TYPE");
      // the body was not read: the client must not send its next upload on this connection
      assertThat(r.headers().firstValue("connection")).contains("close");
    }
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    URI base = start("  max_body_bytes: 2048\n");
    byte[] big = new byte[4096];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> r = post(base, "application/tlsrpt+json", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("REPORT_TOO_LARGE");
  }

  @Test
  void aGzipBombIsRefusedWithoutInflatingIt() throws Exception {
    URI base = start("");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 20];
      gz.write('{');
      for (int i = 0; i < 64; i++) {
        gz.write(zeros); // 64 MiB of zeros in about 64 KiB
      }
    }
    HttpResponse<String> r = post(base, "application/tlsrpt+gzip", out.toByteArray());
    assertThat(r.statusCode()).isIn(400, 413);
    assertThat(r.body()).contains("REPORT_TOO_LARGE");
  }

  @Test
  void malformedJsonIs400WithTheReason() throws Exception {
    URI base = start("");
    HttpResponse<String> r =
        post(
            base,
            "application/tlsrpt+json",
            "{\"organization-name\": ".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"error\":{\"code\":\"REPORT_");
    HttpResponse<String> notOurs =
        post(base, "application/tlsrpt+gzip", TestReports.gzip("not json at all"));
    assertThat(notOurs.statusCode()).isEqualTo(400);
  }

  @Test
  void reportsForUnconfiguredDomainsAre400() throws Exception {
    URI base = start("reports:\n  domains: [example.org]\n");
    HttpResponse<String> r = post(base, "application/tlsrpt+gzip", report("x", "other.example"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("REPORT_NOT_OUR_DOMAIN");
    assertThat(get(base, "/api/v1/domains", TOKEN).body())
        .isEqualTo("{\"configured_domains\":[\"example.org\"],\"domains\":[]}");
  }

  @Test
  void theApiAndMetricsNeedTheToken() throws Exception {
    URI base = start("");
    for (String path :
        new String[] {
          "/api/v1/domains", "/api/v1/domains/example.org/summary", "/metrics", "/nope"
        }) {
      assertThat(get(base, path, null).statusCode()).as(path).isEqualTo(401);
      assertThat(get(base, path, "wrong").statusCode()).as(path).isEqualTo(401);
    }
    // a dashboard page sends a browser without a session to the login form (DashboardAuthTest)
    assertThat(get(base, "/", null).statusCode()).isEqualTo(303);
    assertThat(get(base, "/healthz", null).statusCode()).isEqualTo(200);
    assertThat(get(base, "/api/v1/openapi.json", TOKEN).body()).contains("\"openapi\"");
    assertThat(get(base, "/nope", TOKEN).statusCode()).isEqualTo(404);
    assertThat(get(base, "/api/v1/domains/example.org/summary?from=yesterday", TOKEN).statusCode())
        .isEqualTo(400);
  }

  @Test
  void metricsCountReportsBySourceAndOutcome() throws Exception {
    URI base = start("metrics:\n  public: true\n");
    post(base, "application/tlsrpt+gzip", report("m1", "example.org"));
    post(base, "application/tlsrpt+gzip", report("m1", "example.org"));
    post(base, "application/tlsrpt+json", "{".getBytes(StandardCharsets.UTF_8));
    String metrics = get(base, "/metrics", null).body();
    assertThat(metrics)
        .contains(
            "mtasts_reports_total{outcome=\"stored\",source=\"https\"} 1.0",
            "mtasts_reports_total{outcome=\"duplicate\",source=\"https\"} 1.0",
            "mtasts_reports_total{outcome=\"rejected\",source=\"https\"} 1.0",
            "mtasts_report_sessions_total{result=\"successful\"} 9.0",
            "mtasts_report_failed_sessions_total{result_type=\"certificate-expired\"} 2.0",
            "mtasts_report_ingest_seconds_count{source=\"https\"} 3");
  }

  @Test
  void aClientOverItsRateGets429() throws Exception {
    URI base = start("  rate_limit: {per_second: 1, burst: 2}\n");
    assertThat(post(base, "application/tlsrpt+gzip", report("r1", "example.org")).statusCode())
        .isEqualTo(201);
    assertThat(post(base, "application/tlsrpt+gzip", report("r2", "example.org")).statusCode())
        .isEqualTo(201);
    HttpResponse<String> third = post(base, "application/tlsrpt+gzip", report("r3", "example.org"));
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void theHttpsListenerServesThePemCertificate() throws Exception {
    TestCertificates.Authority ca = TestCertificates.rootCa("Serve Test Root");
    TestCertificates.Issued leaf = ca.issue("localhost");
    Files.writeString(dir.resolve("fullchain.pem"), leaf.chainPem());
    Files.writeString(dir.resolve("privkey.pem"), leaf.keyPem());
    start(
        "https:\n  listen: 127.0.0.1:0\n  certificate: {cert: fullchain.pem, key: privkey.pem}\n");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
    int port = service.httpsAddress().orElseThrow().getPort();
    HttpResponse<String> r =
        https.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v1/tlsrpt"))
                .header("Content-Type", "application/tlsrpt+gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(report("tls", "example.org")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
  }

  @Test
  void serveStartsTheSmtpListenerWithStartTlsAndStoresReportMail() throws Exception {
    TestCertificates.Authority ca = TestCertificates.rootCa("Serve SMTP Root");
    TestCertificates.Issued leaf = ca.issue("localhost");
    Files.writeString(dir.resolve("fullchain.pem"), leaf.chainPem());
    Files.writeString(dir.resolve("privkey.pem"), leaf.keyPem());
    URI base =
        start(
            "https:\n  listen: 127.0.0.1:0\n  certificate: {cert: fullchain.pem, key: privkey.pem}\n"
                + "reports:\n  domains: [example.org]\n  smtp: {listen: 127.0.0.1:0}\n");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    byte[] mail =
        TestReports.mail(
            "reports@sender.example",
            "example.org",
            TestReports.json("Sender Inc", "smtp1", "2026-07-01", "example.org", 6, Map.of()));

    try (SmtpClient client = new SmtpClient(service.smtpAddress().orElseThrow())) {
      assertThat(client.command("EHLO client.test")).contains("STARTTLS");
      assertThat(client.startTls(tls)).isIn("TLSv1.3", "TLSv1.2");
      assertThat(client.send("tlsrpt@example.org", mail)).startsWith("250 ");
    }

    HttpResponse<String> summary =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/api/v1/domains/example.org/summary"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(summary.body()).contains("\"successful\":6");
  }

  @Test
  void withoutReportsSmtpThereIsNoSmtpListener() throws Exception {
    start("");
    assertThat(service.smtpAddress()).isEmpty();
  }

  /** Sends an upload's head and {@code bodyBytes} bytes, one every {@code gap}; then waits. */
  private static long secondsUntilClosed(URI base, int bodyBytes, Duration gap) throws Exception {
    long started = System.nanoTime();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", base.getPort())) {
      socket.setSoTimeout(60_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/tlsrpt HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: application/tlsrpt+json\r\nContent-Length: 100000\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try {
        for (int i = 0; i < bodyBytes; i++) {
          Thread.sleep(gap.toMillis());
          out.write(' ');
          out.flush();
        }
        socket.getInputStream().readAllBytes(); // until the server closes
      } catch (java.net.SocketException e) {
        // reset by the server: closed too
      }
    }
    return Duration.ofNanos(System.nanoTime() - started).toSeconds();
  }

  @Test
  void aSilentClientIsCutOffAfterTheIdleTimeout() throws Exception {
    URI base = start("  idle_timeout: 1\n");
    assertThat(secondsUntilClosed(base, 0, Duration.ZERO)).isLessThan(10);
    assertThat(get(base, "/api/v1/domains", TOKEN).body()).contains("\"domains\":[]");
  }

  @Test
  void aClientTricklingItsBodyIsCutOff() throws Exception {
    URI base = start("");
    // 5 bytes a second keeps the 30 s idle timeout from ever firing; the minimum rate does not.
    assertThat(secondsUntilClosed(base, 400, Duration.ofMillis(200))).isLessThan(20);
    assertThat(get(base, "/api/v1/domains", TOKEN).body()).contains("\"domains\":[]");
  }

  @Test
  void aMissingCertificateStopsTheStart() throws IOException {
    ParseResult<ServeConfig> parsed =
        ServeConfigReader.read(
            "data: data\nhttp: {listen: 127.0.0.1:0}\nhttps:\n  listen: 127.0.0.1:0\n"
                + "  certificate: {cert: nope.pem, key: nope.key}\n",
            dir);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServeService.start(parsed.orThrow(), TOKEN, SystemdNotifier.fromEnvironment()))
        .hasMessageContaining("nope.pem");
  }
}
