package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.readiness.GeneratedReport;
import dev.mtasts.app.resolver.SystemdNotifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/domains/{domain}/readiness} on a real serve. */
class ReadinessApiTest {

  private static final String TOKEN = "test-token-0123456789";

  @TempDir Path dir;
  private ServeService service;
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private HttpResponse<String> get(URI base, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theVerdictIsServedWithTheTokenAndDescribedInTheOpenApi() throws Exception {
    ServeConfig config =
        ServeConfigReader.read(
                "data: data\nhttp:\n  listen: 127.0.0.1:0\nreadiness: {min_days: 1, min_senders: 1,"
                    + " min_sessions: 10}\n",
                dir)
            .orThrow();
    service = ServeService.start(config, TOKEN, SystemdNotifier.fromEnvironment());
    URI base = URI.create("http://127.0.0.1:" + service.httpAddress().getPort());
    String report =
        GeneratedReport.sts(
                "Google Inc.", "x1", LocalDate.now(ZoneOffset.UTC).minusDays(1), "example.org", 90)
            .failing("starttls-not-supported", "mx1.example.org", 10)
            .json();
    HttpResponse<String> upload =
        client.send(
            HttpRequest.newBuilder(base.resolve("/v1/tlsrpt"))
                .header("Content-Type", "application/tlsrpt+gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestReports.gzip(report)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).isEqualTo(201);

    HttpResponse<String> r = get(base, "/api/v1/domains/Example.org/readiness", TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.body())
        .startsWith("{\"domain\":\"example.org\",\"verdict\":\"not ready\",\"ready\":false,")
        .contains("\"code\":\"READINESS_FAILURE_RATE\"")
        .contains("\"min_days\":1")
        .contains(
            "{\"policy_type\":\"sts\",\"result_type\":\"starttls-not-supported\","
                + "\"failed\":10,\"enforce\":\"blocked\"}");

    assertThat(get(base, "/api/v1/domains/example.org/readiness", null).statusCode())
        .isEqualTo(401);
    assertThat(get(base, "/api/v1/domains/example.org/readiness", "wrong").statusCode())
        .isEqualTo(401);
    assertThat(get(base, "/api/v1/domains//readiness", TOKEN).statusCode()).isIn(400, 404);
    assertThat(get(base, "/api/v1/domains/a/b/readiness", TOKEN).statusCode()).isEqualTo(404);
    assertThat(get(base, "/api/v1/openapi.json", TOKEN).body())
        .contains("\"/api/v1/domains/{domain}/readiness\"");
  }
}
