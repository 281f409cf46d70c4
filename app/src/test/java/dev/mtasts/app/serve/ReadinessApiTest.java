package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.readiness.GeneratedReport;
import dev.mtasts.app.testing.TestServe;
import dev.mtasts.core.testing.TestCertificates;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/domains/{domain}/readiness} on a real serve. */
class ReadinessApiTest {

  private static final String LOW_THRESHOLDS =
      "readiness: {min_days: 1, min_senders: 1, min_sessions: 10}\n";
  private static final LocalDate YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);

  @TempDir Path dir;

  @RegisterExtension final TestServe serve = new TestServe();

  private void upload(GeneratedReport report) throws Exception {
    HttpResponse<String> r =
        serve.upload("application/tlsrpt+gzip", TestReports.gzip(report.json()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  @Test
  void theVerdictIsServedWithTheTokenAndDescribedInTheOpenApi() throws Exception {
    serve.start(dir, LOW_THRESHOLDS);
    upload(
        GeneratedReport.sts("Google Inc.", "x1", YESTERDAY, "example.org", 90)
            .failing("starttls-not-supported", "mx1.example.org", 10));

    HttpResponse<String> r = serve.get("/api/v1/domains/Example.org/readiness");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.body())
        .startsWith("{\"domain\":\"example.org\",\"verdict\":\"not ready\",\"ready\":false,")
        .contains("\"code\":\"READINESS_FAILURE_RATE\"")
        .contains("\"min_days\":1")
        .contains(
            "{\"policy_type\":\"sts\",\"result_type\":\"starttls-not-supported\","
                + "\"failed\":10,\"enforce\":\"blocked\"}")
        .contains("\"hosted_mx\":null");

    String path = "/api/v1/domains/example.org/readiness";
    assertThat(serve.web().get(path).statusCode()).isEqualTo(401);
    assertThat(serve.web().get(path, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(serve.get("/api/v1/domains//readiness").statusCode()).isIn(400, 404);
    assertThat(serve.get("/api/v1/domains/a/b/readiness").statusCode()).isEqualTo(404);
    assertThat(serve.get("/api/v1/openapi.json").body())
        .contains("\"/api/v1/domains/{domain}/readiness\"");
  }

  @Test
  void aHostedDomainsMxCoverageIsJudgedByThePolicyServeHosts() throws Exception {
    TestCertificates.Issued cert =
        TestCertificates.rootCa("Readiness Test Root").issue("mta-sts.a.test");
    Files.writeString(dir.resolve("a.pem"), cert.chainPem());
    Files.writeString(dir.resolve("a.key"), cert.keyPem());
    serve.start(
        dir,
        LOW_THRESHOLDS
            + "policy_host:\n  listen: 127.0.0.1:0\n  domains:\n    a.test:\n"
            + "      mx: [mx1.a.test]\n      certificate: {cert: a.pem, key: a.key}\n");
    // senders applied an older policy whose *.a.test covered mx2; the one served now does not
    upload(
        GeneratedReport.sts("Google Inc.", "h1", YESTERDAY, "a.test", 999)
            .withMx("*.a.test")
            .failing("certificate-host-mismatch", "mx2.a.test", 1));

    JsonNode r =
        JsonMapper.builder().build().readTree(serve.get("/api/v1/domains/a.test/readiness").body());
    assertThat(r.at("/evidence/hosted_mx").toString()).isEqualTo("[\"mx1.a.test\"]");
    assertThat(r.at("/evidence/policy_mx").toString()).isEqualTo("[\"*.a.test\"]");
    JsonNode mx2 = r.at("/evidence/by_mx_host/0");
    assertThat(mx2.get("host").asString()).isEqualTo("mx2.a.test");
    assertThat(mx2.get("covered").asBoolean()).isTrue();
    assertThat(mx2.get("covered_by_hosted").asBoolean()).isFalse();
    assertThat(r.get("reasons").toString()).contains("\"READINESS_MX_NOT_COVERED\"");
    assertThat(r.get("verdict").asString()).isEqualTo("not ready");
    // a domain serve does not host is judged by the reported policy alone
    assertThat(serve.get("/api/v1/domains/example.org/readiness").body())
        .contains("\"hosted_mx\":null");
  }
}
