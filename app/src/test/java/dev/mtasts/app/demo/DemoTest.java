package dev.mtasts.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DemoTest {

  private static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static Demo demo;

  @BeforeAll
  static void start() throws Exception {
    demo = Demo.start(new Demo.Options(0, Optional.empty(), 30, 8460, TODAY));
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  private static HttpResponse<String> get(String path, boolean withToken) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(demo.url() + path));
    if (withToken) {
      b.header("Authorization", "Bearer " + demo.token().value());
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode summary(String domain) throws Exception {
    HttpResponse<String> r = get("api/v1/domains/" + domain + "/summary", true);
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void theDashboardListensOnLoopbackAndWantsTheToken() throws Exception {
    assertThat(demo.url()).startsWith("http://127.0.0.1:");
    assertThat(get("api/v1/domains", false).statusCode()).isEqualTo(401);
    assertThat(demo.token().value()).isNotBlank();
    assertThat(Files.readString(demo.token().file()).strip()).isEqualTo(demo.token().value());
  }

  @Test
  void everyGeneratedReportIsStoredAndCountedByTheApi() throws Exception {
    int generated =
        new DemoReports(
                demo.lab().scenarios(),
                host -> demo.lab().address(host).map(java.net.InetAddress::getHostAddress),
                8460)
            .forDaysBefore(TODAY, 30)
            .size();
    assertThat(demo.storedReports()).isEqualTo(generated);
    JsonNode domains = JSON.readTree(get("api/v1/domains", true).body());
    long reports = 0;
    for (JsonNode d : domains.get("domains")) {
      reports += summary(d.get("domain").asString()).get("reports").asLong();
    }
    assertThat(reports).isEqualTo(generated);
    assertThat(domains.get("configured_domains").toString()).contains("good.test");
  }

  @Test
  void theDomainsFailTheWayTheirDefectsSay() throws Exception {
    JsonNode expired = summary("mx-cert-expired.test");
    assertThat(expired.get("successful").asLong()).isZero();
    assertThat(expired.get("by_result_type").get("certificate-expired").asLong())
        .isEqualTo(expired.get("failed").asLong())
        .isPositive();
    JsonNode good = summary("good.test");
    assertThat(good.get("failed").asLong()).isZero();
    assertThat(good.get("successful").asLong()).isPositive();
    assertThat(good.get("by_organization").propertyNames()).hasSizeGreaterThan(3);
    JsonNode mismatch = summary("mx-mismatch.test");
    assertThat(mismatch.get("by_result_type").get("validation-failure").asLong()).isPositive();
    assertThat(mismatch.get("successful").asLong()).isGreaterThan(mismatch.get("failed").asLong());
    assertThat(summary("mx-unreachable.test").get("reports").asLong()).isZero();
  }

  @Test
  void theBannerNamesTheUrlTheTokenAndACommandToTry() {
    String banner = DemoCommand.banner(demo);
    assertThat(banner)
        .contains(demo.url())
        .contains(demo.token().value())
        .contains("mtasts report summary mx-cert-expired.test --data " + demo.dataDirectory())
        .contains("removes its data");
  }

  @Test
  void aKeptDataDirectoryOutlivesTheDemoAndASecondStartStoresNothingNew(@TempDir Path dir)
      throws Exception {
    Demo.Options options = new Demo.Options(0, Optional.of(dir), 3, 1, TODAY);
    int first;
    try (Demo kept = Demo.start(options)) {
      first = kept.storedReports();
      assertThat(kept.temporary()).isFalse();
    }
    assertThat(first).isPositive();
    assertThat(dir.resolve("data")).isDirectory();
    try (Demo again = Demo.start(options)) {
      assertThat(again.storedReports()).isZero();
    }
  }

  @Test
  void aThrowawayStoreIsRemovedOnClose() throws Exception {
    Path data;
    try (Demo throwaway = Demo.start(new Demo.Options(0, Optional.empty(), 1, 2, TODAY))) {
      data = throwaway.dataDirectory();
      assertThat(data).isDirectory();
    }
    assertThat(data.getParent()).doesNotExist();
  }

  @Test
  void optionsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new Demo.Options(-1, Optional.empty(), 30, 1, TODAY))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> new Demo.Options(65_536, Optional.empty(), 30, 1, TODAY))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> new Demo.Options(0, Optional.empty(), 0, 1, TODAY))
        .hasMessageContaining("days");
    assertThatThrownBy(() -> new Demo.Options(0, Optional.empty(), 367, 1, TODAY))
        .hasMessageContaining("days");
  }
}
