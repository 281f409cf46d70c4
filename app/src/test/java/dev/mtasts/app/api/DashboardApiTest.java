package dev.mtasts.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.Feed;
import dev.mtasts.app.store.Period;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.TestServe;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard's API on a real serve over HTTP, against reports fed through the real intake. */
class DashboardApiTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  @RegisterExtension final TestServe serve = new TestServe();

  /** Feeds {@code reports} into the data directory's store, then starts serve on it. */
  private ReportStore feedThenStart(String yaml, List<byte[]> reports) throws Exception {
    ReportStore store = ReportStore.open(StoreLocation.inDataDirectory(dir.resolve("data")));
    Feed feed = new Feed(store);
    reports.forEach(feed::accept);
    serve.start(dir, yaml);
    return store;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return serve.get(path);
  }

  private JsonNode json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(r.body());
  }

  private static List<byte[]> corpus() {
    List<byte[]> out = new ArrayList<>();
    TestReports.CORPUS.forEach(n -> out.add(TestReports.corpus(n)));
    return out;
  }

  @Test
  void everyCorpusDomainsPageAgreesWithItsSummaryAndItsTables() throws Exception {
    try (ReportStore store = feedThenStart("", corpus())) {
      JsonNode domains = json("/api/v1/domains").get("domains");
      assertThat(domains.size()).isGreaterThan(3);
      for (JsonNode d : domains) {
        String domain = d.get("domain").asString();
        JsonNode page = json("/api/v1/domains/" + domain + "/page");
        JsonNode summary = json("/api/v1/domains/" + domain + "/summary");
        DomainSummary stored = store.queries().summary(domain, Period.ALL);
        for (String field : List.of("reports", "successful", "failed")) {
          assertThat(page.get(field).asLong())
              .as(domain + " " + field)
              .isEqualTo(summary.get(field).asLong());
        }
        assertThat(page.get("successful").asLong()).isEqualTo(stored.successful());
        assertThat(page.get("failed").asLong()).isEqualTo(stored.failed());
        long seriesFailed = 0;
        for (JsonNode day : json("/api/v1/domains/" + domain + "/series").get("series")) {
          seriesFailed += day.get("failed").asLong();
        }
        assertThat(seriesFailed).as(domain).isEqualTo(stored.failed());
        for (JsonNode t :
            json("/api/v1/domains/" + domain + "/by-result-type").get("by_result_type")) {
          assertThat(t.get("failed").asLong())
              .isEqualTo(
                  summary.get("by_result_type").get(t.get("result_type").asString()).asLong());
        }
        assertThat(json("/api/v1/domains/" + domain + "/by-organization").get("by_organization"))
            .isEqualTo(page.get("by_organization"));
        assertThat(json("/api/v1/domains/" + domain + "/by-mx-host").get("by_mx_host"))
            .isEqualTo(page.get("by_mx_host"));
        assertThat(json("/api/v1/domains/" + domain + "/by-sending-ip").get("by_sending_ip"))
            .isEqualTo(page.get("by_sending_ip"));
        assertThat(json("/api/v1/domains/" + domain + "/policies").get("policies"))
            .isEqualTo(page.get("policies"));
        JsonNode list = json("/api/v1/reports?domain=" + domain + "&limit=1000");
        assertThat(list.get("total").asLong()).isEqualTo(stored.reports());
        for (JsonNode r : list.get("reports")) {
          JsonNode detail = json("/api/v1/reports/" + r.get("id").asLong());
          assertThat(detail.get("report_id")).isEqualTo(r.get("report_id"));
          assertThat(detail.get("raw_kept").asBoolean()).isTrue();
          JsonNode raw = json("/api/v1/reports/" + r.get("id").asLong() + "/raw");
          assertThat(raw.get("report-id").asString()).isEqualTo(r.get("report_id").asString());
        }
      }
      JsonNode overview = json("/api/v1/overview");
      assertThat(overview.get("domains").size()).isEqualTo(domains.size());
      assertThat(overview.get("domains").get(0).get("trend").size()).isEqualTo(30);
    }
  }

  @Test
  void exportsAreAttachmentsAndCsvIsQuotedAndFormulaSafe() throws Exception {
    // JSON-escaped: the organisation is =HYPERLINK("x"), Inc
    String hostile = "=HYPERLINK(\\\"x\\\"), Inc";
    String json =
        TestReports.json(
            hostile, "h1", "2026-07-01", "example.org", 3, Map.of("dane-required", 2L));
    feedThenStart("", List.of(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).close();
    HttpResponse<String> csv =
        get("/api/v1/domains/example.org/by-organization?format=csv&from=2026-07-01");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(csv.headers().firstValue("Content-Disposition"))
        .hasValue(
            "attachment; filename=\"mtasts-example.org-by-organization-from-2026-07-01.csv\"");
    assertThat(csv.body())
        .isEqualTo(
            String.join(
                "\r\n",
                "organization,successful,failed,success_rate,result_types",
                "\"'=HYPERLINK(\"\"x\"\"), Inc\",3,2,0.6000,dane-required=2",
                ""));
    HttpResponse<String> download = get("/api/v1/reports?format=json");
    assertThat(download.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"mtasts-reports.json\"");
    assertThat(JSON.readTree(download.body()).get("total").asLong()).isEqualTo(1);
    assertThat(get("/api/v1/reports").headers().firstValue("Content-Disposition")).isEmpty();
    for (String table :
        List.of("series", "by-result-type", "by-mx-host", "by-sending-ip", "policies")) {
      HttpResponse<String> r = get("/api/v1/domains/example.org/" + table + "?format=csv");
      assertThat(r.statusCode()).as(table).isEqualTo(200);
      assertThat(r.body().split("\r\n")).as(table).hasSize(2);
    }
    HttpResponse<String> reports = get("/api/v1/reports?format=csv");
    assertThat(reports.body())
        .startsWith("id,day,domain,organization,")
        .contains(",\"'=HYPERLINK(");
    HttpResponse<String> overview = get("/api/v1/overview?format=csv");
    assertThat(overview.body()).startsWith("domain,reports,last_day,policy_modes,");
    String id =
        JSON.readTree(get("/api/v1/reports").body()).get("reports").get(0).get("id").asString();
    assertThat(get("/api/v1/reports/" + id + "?format=csv").body())
        .startsWith("policy_type,policy_domain,result_type,")
        .contains("sts,example.org,dane-required,192.0.2.1,mx1.example.org,,,2,,");
  }

  private void refused(String path, int status, String code) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).get("error").get("code").asString())
        .as(path)
        .isEqualTo(code);
  }

  @Test
  void badRequestsAreRefusedWithACode() throws Exception {
    feedThenStart(
            "reports:\n  domains: [example.org, quiet.example]\n",
            List.of(
                TestReports.json("Org", "n1", "2026-07-01", "example.org", 1, Map.of())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .close();
    refused("/api/v1/domains/example.org/series?from=yesterday", 400, "BAD_DATE");
    refused("/api/v1/domains/example.org/series?to=2026-02-30", 400, "BAD_DATE");
    refused("/api/v1/domains/example.org/series?from=2026-07-02&to=2026-07-01", 400, "BAD_PERIOD");
    refused("/api/v1/domains/example.org/series?since=2026-07-01", 400, "UNKNOWN_PARAMETER");
    refused(
        "/api/v1/domains/example.org/series?from=2026-07-01&from=2026-07-02",
        400,
        "REPEATED_PARAMETER");
    refused("/api/v1/domains/example.org/policies?format=xml", 400, "BAD_FORMAT");
    refused("/api/v1/domains/example.org/page?format=csv", 400, "BAD_FORMAT");
    refused("/api/v1/domains/unknown.example/page", 404, "UNKNOWN_DOMAIN");
    refused("/api/v1/domains/exa%20mple.org/page", 400, "BAD_DOMAIN");
    refused("/api/v1/domains/-bad-.example/series", 400, "BAD_DOMAIN");
    refused("/api/v1/reports?limit=0", 400, "BAD_PAGING");
    refused("/api/v1/reports?limit=1001", 400, "BAD_PAGING");
    refused("/api/v1/reports?limit=ten", 400, "BAD_PAGING");
    refused("/api/v1/reports?offset=-1", 400, "BAD_PAGING");
    refused("/api/v1/reports?result_type=DROP%20TABLE", 400, "BAD_FILTER");
    refused("/api/v1/reports?domain=a%2Cb", 400, "BAD_FILTER");
    refused("/api/v1/reports?page=2", 400, "UNKNOWN_PARAMETER");
    refused("/api/v1/reports/abc", 400, "BAD_REPORT_ID");
    refused("/api/v1/reports/999999", 404, "UNKNOWN_REPORT");
    refused("/api/v1/reports/999999/raw", 404, "UNKNOWN_REPORT");
    refused("/api/v1/domains/example.org/nonsense", 404, "NOT_FOUND");
    // A configured domain without reports is known: empty tables, not 404.
    assertThat(json("/api/v1/domains/quiet.example/page").get("reports").asLong()).isZero();
    assertThat(serve.web().get("/api/v1/reports").statusCode()).isEqualTo(401);
  }

  @Test
  void theOverviewListsConfiguredDomainsWithoutReportsAsThePageDoes() throws Exception {
    feedThenStart(
            "reports:\n  domains: [example.org, quiet.example, a-first.example]\n",
            List.of(
                TestReports.json("Org", "o1", "2026-07-01", "example.org", 4, Map.of())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .close();
    JsonNode domains = json("/api/v1/overview").get("domains");
    List<String> names = new ArrayList<>();
    domains.forEach(d -> names.add(d.get("domain").asString()));
    assertThat(names).containsExactly("a-first.example", "example.org", "quiet.example");
    JsonNode quiet = domains.get(2);
    assertThat(quiet.get("reports").asLong()).isZero();
    assertThat(quiet.get("last_day").isNull()).isTrue();
    assertThat(quiet.get("trend").size()).isEqualTo(30);
    assertThat(quiet.get("last_30_days").get("success_rate").isNull()).isTrue();
    assertThat(get("/api/v1/overview?format=csv").body())
        .contains("\r\nquiet.example,0,,,0,0,,0,0,\r\n");
    // the overview page lists the same domains, in the same order
    String page = serve.web().get("/", "Cookie", serve.login().cookie()).body();
    List<String> rows = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("data-domain=\"([^\"]+)\"").matcher(page);
    while (m.find()) {
      rows.add(m.group(1));
    }
    assertThat(rows).isEqualTo(names);
  }

  @Test
  void aRawReportDroppedByRetentionIs410AndItsRowsRemain() throws Exception {
    try (ReportStore store =
        feedThenStart(
            "",
            List.of(
                TestReports.gzip(
                    TestReports.json("Org", "old", "2026-07-01", "example.org", 5, Map.of()))))) {
      String id =
          JSON.readTree(get("/api/v1/reports").body()).get("reports").get(0).get("id").asString();
      HttpResponse<String> kept = get("/api/v1/reports/" + id + "/raw");
      assertThat(kept.headers().firstValue("X-Mtasts-Raw-As-Received")).hasValue("true");
      assertThat(store.dropRawBefore(Instant.now().plusSeconds(60))).isEqualTo(1);
      refused("/api/v1/reports/" + id + "/raw", 410, "RAW_REPORT_DROPPED");
      assertThat(json("/api/v1/reports/" + id).get("raw_kept").asBoolean()).isFalse();
      assertThat(json("/api/v1/reports/" + id).get("successful").asLong()).isEqualTo(5);
    }
  }

  @Test
  void theOpenApiDocumentDescribesEveryCall() throws Exception {
    feedThenStart("", List.of()).close();
    JsonNode paths = json("/api/v1/openapi.json").get("paths");
    assertThat(paths.propertyNames())
        .contains(
            "/api/v1/overview",
            "/api/v1/domains/{domain}/summary",
            "/api/v1/domains/{domain}/page",
            "/api/v1/domains/{domain}/series",
            "/api/v1/domains/{domain}/by-result-type",
            "/api/v1/domains/{domain}/by-organization",
            "/api/v1/domains/{domain}/by-mx-host",
            "/api/v1/domains/{domain}/by-sending-ip",
            "/api/v1/domains/{domain}/policies",
            "/api/v1/reports",
            "/api/v1/reports/{id}",
            "/api/v1/reports/{id}/raw");
  }
}
