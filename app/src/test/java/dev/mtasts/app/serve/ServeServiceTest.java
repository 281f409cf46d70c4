package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.testing.TestServe;
import dev.mtasts.core.ParseResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real serve (store in a temp dir, Jetty on an ephemeral loopback port) over real HTTP. */
class ServeServiceTest {

  private static final String TOKEN = TestServe.TOKEN;

  @TempDir Path dir;

  @RegisterExtension final TestServe serve = new TestServe();

  private URI start(String yaml) throws Exception {
    return serve.start(dir, yaml).base();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return token == null
        ? serve.web().get(path)
        : serve.web().get(path, "Authorization", "Bearer " + token);
  }

  private static byte[] report(String id, String domain) {
    return TestReports.gzip(
        TestReports.json(
            "Google Inc.", id, "2026-07-01", domain, 9, Map.of("certificate-expired", 2L)));
  }

  @Test
  void uploadIsStoredThenADuplicateAndTheSummaryHasItsShape() throws Exception {
    start("");
    HttpResponse<String> first =
        serve.upload("application/tlsrpt+gzip", report("u1", "example.org"));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(first.body()).isEqualTo("{\"outcome\":\"stored\",\"domains\":[\"example.org\"]}");
    assertThat(serve.upload("application/tlsrpt+gzip", report("u1", "example.org")).statusCode())
        .isEqualTo(200);
    String json = TestReports.json("Microsoft", "u2", "2026-07-02", "example.org", 1, Map.of());
    assertThat(
            serve
                .upload(
                    "application/tlsrpt+json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> summary = get("/api/v1/domains/example.org/summary", TOKEN);
    assertThat(summary.statusCode()).isEqualTo(200);
    assertThat(summary.body())
        .isEqualTo(
            "{\"domain\":\"example.org\",\"reports\":2,\"successful\":10,\"failed\":2,"
                + "\"by_result_type\":{\"certificate-expired\":2},\"by_organization\":{"
                + "\"Google Inc.\":{\"successful\":9,\"failed\":2},"
                + "\"Microsoft\":{\"successful\":1,\"failed\":0}}}");
    assertThat(
            get("/api/v1/domains/EXAMPLE.org/summary?from=2026-07-02&to=2026-07-02", TOKEN).body())
        .startsWith("{\"domain\":\"example.org\",\"reports\":1,\"successful\":1,\"failed\":0,");
    assertThat(get("/api/v1/domains", TOKEN).body())
        .isEqualTo(
            "{\"configured_domains\":null,\"domains\":[{\"domain\":\"example.org\","
                + "\"first_day\":\"2026-07-01\",\"last_day\":\"2026-07-02\",\"successful\":10,"
                + "\"failed\":2}]}");
  }

  @Test
  void otherContentTypesAre415() throws Exception {
    start("");
    for (String type : new String[] {"application/json", "text/plain", "application/gzip", null}) {
      HttpResponse<String> r = serve.upload(type, report("t", "example.org"));
      assertThat(r.statusCode()).as(String.valueOf(type)).isEqualTo(415);
      assertThat(r.body()).contains("UNSUPPORTED_MEDIA_TYPE");
      // the body was not read: the client must not send its next upload on this connection
      assertThat(r.headers().firstValue("connection")).contains("close");
    }
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    start("  max_body_bytes: 2048\n");
    byte[] big = new byte[4096];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> r = serve.upload("application/tlsrpt+json", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("REPORT_TOO_LARGE");
  }

  @Test
  void aGzipBombIsRefusedWithoutInflatingIt() throws Exception {
    start("");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 20];
      gz.write('{');
      for (int i = 0; i < 64; i++) {
        gz.write(zeros); // 64 MiB of zeros in about 64 KiB
      }
    }
    HttpResponse<String> r = serve.upload("application/tlsrpt+gzip", out.toByteArray());
    assertThat(r.statusCode()).isIn(400, 413);
    assertThat(r.body()).contains("REPORT_TOO_LARGE");
  }

  @Test
  void malformedJsonIs400WithTheReason() throws Exception {
    start("");
    HttpResponse<String> r =
        serve.upload(
            "application/tlsrpt+json", "{\"organization-name\": ".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"error\":{\"code\":\"REPORT_");
    HttpResponse<String> notOurs =
        serve.upload("application/tlsrpt+gzip", TestReports.gzip("not json at all"));
    assertThat(notOurs.statusCode()).isEqualTo(400);
  }

  @Test
  void reportsForUnconfiguredDomainsAre400() throws Exception {
    start("reports:\n  domains: [example.org]\n");
    HttpResponse<String> r = serve.upload("application/tlsrpt+gzip", report("x", "other.example"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("REPORT_NOT_OUR_DOMAIN");
    assertThat(get("/api/v1/domains", TOKEN).body())
        .isEqualTo("{\"configured_domains\":[\"example.org\"],\"domains\":[]}");
  }

  @Test
  void theApiAndMetricsNeedTheToken() throws Exception {
    start("");
    for (String path :
        new String[] {
          "/api/v1/domains", "/api/v1/domains/example.org/summary", "/metrics", "/nope"
        }) {
      assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
      assertThat(get(path, "wrong").statusCode()).as(path).isEqualTo(401);
    }
    // a dashboard page sends a browser without a session to the login form (DashboardAuthTest)
    assertThat(get("/", null).statusCode()).isEqualTo(303);
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/openapi.json", TOKEN).body()).contains("\"openapi\"");
    assertThat(get("/nope", TOKEN).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/domains/example.org/summary?from=yesterday", TOKEN).statusCode())
        .isEqualTo(400);
  }

  @Test
  void metricsCountReportsBySourceAndOutcome() throws Exception {
    start("metrics:\n  public: true\n");
    serve.upload("application/tlsrpt+gzip", report("m1", "example.org"));
    serve.upload("application/tlsrpt+gzip", report("m1", "example.org"));
    serve.upload("application/tlsrpt+json", "{".getBytes(StandardCharsets.UTF_8));
    String metrics = get("/metrics", null).body();
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
    start("  rate_limit: {per_second: 1, burst: 2}\n");
    assertThat(serve.upload("application/tlsrpt+gzip", report("r1", "example.org")).statusCode())
        .isEqualTo(201);
    assertThat(serve.upload("application/tlsrpt+gzip", report("r2", "example.org")).statusCode())
        .isEqualTo(201);
    HttpResponse<String> third =
        serve.upload("application/tlsrpt+gzip", report("r3", "example.org"));
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void theHttpsListenerServesThePemCertificate() throws Exception {
    TestServe.Tls tls = TestServe.tls(dir);
    start(tls.yaml());
    HttpClient https = serve.https(tls).http;
    int port = serve.service().httpsAddress().orElseThrow().getPort();
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
    TestServe.Tls tls = TestServe.tls(dir);
    start(tls.yaml() + "reports:\n  domains: [example.org]\n  smtp: {listen: 127.0.0.1:0}\n");
    byte[] mail =
        TestReports.mail(
            "reports@sender.example",
            "example.org",
            TestReports.json("Sender Inc", "smtp1", "2026-07-01", "example.org", 6, Map.of()));

    try (SmtpClient client = new SmtpClient(serve.service().smtpAddress().orElseThrow())) {
      assertThat(client.command("EHLO client.test")).contains("STARTTLS");
      assertThat(client.startTls(tls.trust())).isIn("TLSv1.3", "TLSv1.2");
      assertThat(client.send("tlsrpt@example.org", mail)).startsWith("250 ");
    }

    HttpResponse<String> summary = serve.get("/api/v1/domains/example.org/summary");
    assertThat(summary.body()).contains("\"successful\":6");
  }

  @Test
  void withoutReportsSmtpThereIsNoSmtpListener() throws Exception {
    start("");
    assertThat(serve.service().smtpAddress()).isEmpty();
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
    assertThat(get("/api/v1/domains", TOKEN).body()).contains("\"domains\":[]");
  }

  @Test
  void aClientTricklingItsBodyIsCutOff() throws Exception {
    URI base = start("");
    // 5 bytes a second keeps the 30 s idle timeout from ever firing; the minimum rate does not.
    assertThat(secondsUntilClosed(base, 400, Duration.ofMillis(200))).isLessThan(20);
    assertThat(get("/api/v1/domains", TOKEN).body()).contains("\"domains\":[]");
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
