package dev.mtasts.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.cli.CliRun;
import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.testing.RequiredService;
import dev.mtasts.app.testing.TestServe;
import dev.mtasts.app.testing.WebClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real headless Chromium (Debian's chromium and chromium-driver) through the dashboard of a real
 * serve on loopback holding the real report corpus: login, overview, a domain page, the report list
 * and detail, an export download, logout. The numbers on each page are compared with the JSON API's
 * answers, fetched with the token. A screenshot of each page goes to target/screenshots/. One
 * browser for the whole class; the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  private static final String TOKEN = TestServe.TOKEN;
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dir;

  private static final TestServe serve = new TestServe();
  private static ChromeDriver browser;
  private static WebClient api;
  private static String base;
  private static Path downloads;
  private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

  @BeforeAll
  static void start() throws Exception {
    RequiredService.assume(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver");
    Path data = dir.resolve("data"); // the store TestServe opens
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    // every report of the corpus but the two that are refused (no report; no policy-domain)
    for (String name : TestReports.CORPUS) {
      if (!name.equals("tlsrptrs-not-a-report.eml") && !name.equals("stalwart-rpt03.json")) {
        Files.write(corpus.resolve(name), TestReports.corpus(name));
      }
    }
    CliRun imported = CliRun.run("report", "import", "--data", data.toString(), corpus.toString());
    assertThat(imported.exit()).as(imported.out() + imported.err()).isZero();
    serve.start(dir, "");
    base = serve.base().toString();
    api = serve.web();
    // recent reports, so that the overview's 7- and 30-day windows have sessions
    upload("Google Inc.", "recent-1", TODAY.minusDays(3), Map.of("certificate-expired", 4L), 96);
    upload("Google Inc.", "recent-2", TODAY.minusDays(1), Map.of(), 120);
    upload("Microsoft", "recent-3", TODAY.minusDays(10), Map.of("starttls-not-supported", 7L), 50);
    downloads = Files.createDirectories(dir.resolve("downloads"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900");
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false));
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
            options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    Files.createDirectories(SCREENSHOTS);
  }

  private static void upload(
      String org, String id, LocalDate day, Map<String, Long> failures, long successful)
      throws Exception {
    String json = TestReports.json(org, id, day.toString(), "example.net", successful, failures);
    HttpResponse<String> r =
        api.http.send(
            java.net.http.HttpRequest.newBuilder(URI.create(base + "/v1/tlsrpt"))
                .header("Content-Type", "application/tlsrpt+json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    serve.close();
  }

  private static JsonNode apiGet(String path) throws Exception {
    HttpResponse<String> r = api.get(path, "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static void screenshot(String name) throws Exception {
    // the whole page, not only the window
    JavascriptExecutor js = browser;
    Dimension window = browser.manage().window().getSize();
    long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(window.getWidth(), (int) height + 140));
    Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    browser.manage().window().setSize(window);
  }

  private static long number(String id) {
    return Long.parseLong(browser.findElement(By.id(id)).getText().strip());
  }

  /** Rows of table {@code id}: each row's cells' text, header cell first. */
  private static List<List<String>> rows(String id) {
    List<List<String>> out = new ArrayList<>();
    for (WebElement tr : browser.findElements(By.cssSelector("#" + id + " tbody tr"))) {
      List<String> cells = new ArrayList<>();
      for (WebElement cell : tr.findElements(By.xpath("./th|./td"))) {
        cells.add(cell.getText().strip());
      }
      out.add(cells);
    }
    return out;
  }

  @Test
  @Order(1)
  void anonymousVisitorsGetTheLoginFormAndNoData() throws Exception {
    browser.get(base + "/domains/example.net");
    assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/login");
    assertThat(browser.getPageSource()).doesNotContain("example.net</", "successful sessions");
    assertThat(browser.findElement(By.name("token")).getAttribute("type")).isEqualTo("password");
    screenshot("login");
    browser.findElement(By.name("token")).sendKeys("not-the-token", Keys.ENTER);
    assertThat(browser.findElement(By.cssSelector(".error")).getText())
        .contains("not the admin token");
  }

  @Test
  @Order(2)
  void theTokenLogsInAndLeadsBackToThePageAsked() {
    browser.get(base + "/domains/example.net");
    // keyboard only: the token field has the focus, Enter submits
    browser.switchTo().activeElement().sendKeys(TOKEN, Keys.ENTER);
    assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/domains/example.net");
    assertThat(browser.manage().getCookieNamed(Sessions.COOKIE).isHttpOnly()).isTrue();
  }

  @Test
  @Order(3)
  void theOverviewShowsTheApisNumbers() throws Exception {
    browser.get(base + "/");
    assertThat(browser.findElement(By.cssSelector(".notice")).getText())
        .contains("accepted for every domain until reports.domains is set");
    JsonNode domains = apiGet("/api/v1/domains").get("domains");
    List<WebElement> rows = browser.findElements(By.cssSelector("#overview tbody tr"));
    assertThat(rows).hasSize(domains.size());
    for (JsonNode d : domains) {
      String name = d.get("domain").asString();
      WebElement row =
          browser.findElement(By.cssSelector("#overview tr[data-domain='" + name + "']"));
      JsonNode all = apiGet("/api/v1/domains/" + name + "/summary");
      assertThat(row.findElement(By.cssSelector("[data-reports]")).getText())
          .isEqualTo(all.get("reports").asString());
      assertThat(row.findElement(By.cssSelector("[data-readiness]")).getText())
          .isEqualTo(apiGet("/api/v1/domains/" + name + "/readiness").get("verdict").asString());
      for (int days : new int[] {7, 30}) {
        JsonNode w =
            apiGet(
                "/api/v1/domains/"
                    + name
                    + "/summary?from="
                    + TODAY.minusDays(days - 1L)
                    + "&to="
                    + TODAY);
        assertThat(row.findElement(By.cssSelector("[data-window='" + days + "']")).getText())
            .as(name + " " + days)
            .isEqualTo(w.get("successful") + " successful, " + w.get("failed") + " failed");
      }
    }
    WebElement recent =
        browser.findElement(By.cssSelector("#overview tr[data-domain='example.net']"));
    assertThat(recent.getText()).contains("216 successful, 4 failed", "266 successful, 11 failed");
    assertThat(recent.findElements(By.cssSelector("svg polyline"))).isNotEmpty();
    screenshot("overview");
  }

  @Test
  @Order(4)
  void theDomainPagesShowTheApisNumbersForAllTimeAndForAPeriod() throws Exception {
    for (JsonNode d : apiGet("/api/v1/domains").get("domains")) {
      String domain = d.get("domain").asString();
      browser.get(base + "/");
      browser.findElement(By.linkText(domain)).click();
      compareDomainPage(domain, "");
    }
    // the corpus domain with reports from Google, Microsoft and mail.ru
    browser.get(base + "/domains/krvtz.net");
    screenshot("domain-page");
    // a period typed into the form (the date inputs' text depends on the locale: set their value)
    JavascriptExecutor js = browser;
    js.executeScript(
        "arguments[0].value='2024-09-01'; arguments[1].value='2024-09-17'",
        browser.findElement(By.id("from")),
        browser.findElement(By.id("to")));
    browser.findElement(By.xpath("//button[text()='Show period']")).click();
    // the click returns before the form's navigation has necessarily committed
    await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("from="));
    assertThat(browser.getCurrentUrl()).contains("from=2024-09-01", "to=2024-09-17");
    compareDomainPage("krvtz.net", "?from=2024-09-01&to=2024-09-17");
  }

  private static void compareDomainPage(String domain, String query) throws Exception {
    JsonNode s = apiGet("/api/v1/domains/" + domain + "/summary" + query);
    assertThat(number("total-successful")).isEqualTo(s.get("successful").asLong());
    assertThat(number("total-failed")).isEqualTo(s.get("failed").asLong());
    assertThat(number("total-reports")).isEqualTo(s.get("reports").asLong());
    JsonNode readiness = apiGet("/api/v1/domains/" + domain + "/readiness");
    assertThat(browser.findElement(By.id("readiness-verdict")).getText())
        .isEqualTo(readiness.get("verdict").asString());
    assertThat(browser.findElements(By.cssSelector("#readiness-reasons li")))
        .hasSize(readiness.get("reasons").size());
    Map<String, String> byType = new HashMap<>();
    s.get("by_result_type")
        .properties()
        .forEach(e -> byType.put(e.getKey(), e.getValue().asString()));
    Map<String, String> shown = new HashMap<>();
    if (!byType.isEmpty()) {
      rows("by-result-type").forEach(r -> shown.put(r.get(0), r.get(1)));
    }
    assertThat(shown).isEqualTo(byType);
    Map<String, String> byOrg = new HashMap<>();
    s.get("by_organization")
        .properties()
        .forEach(
            e ->
                byOrg.put(
                    e.getKey(), e.getValue().get("successful") + "/" + e.getValue().get("failed")));
    Map<String, String> shownOrg = new HashMap<>();
    if (!byOrg.isEmpty()) {
      rows("by-organization").forEach(r -> shownOrg.put(r.get(0), r.get(1) + "/" + r.get(2)));
    }
    assertThat(shownOrg).isEqualTo(byOrg);
  }

  @Test
  @Order(5)
  void aQuickPeriodAndThePhoneWidthNeedsNoSidewaysScrolling() throws Exception {
    browser.get(base + "/domains/example.net?last=30");
    assertThat(browser.findElement(By.cssSelector("[aria-current=page]")).getText())
        .isEqualTo("Last 30 days");
    assertThat(number("total-failed")).isEqualTo(11);
    Dimension desktop = browser.manage().window().getSize();
    browser.manage().window().setSize(new Dimension(390, 844));
    try {
      JavascriptExecutor js = browser;
      long scroll = (Long) js.executeScript("return document.documentElement.scrollWidth");
      long width = (Long) js.executeScript("return document.documentElement.clientWidth");
      assertThat(scroll).isLessThanOrEqualTo(width);
      screenshot("domain-page-phone");
    } finally {
      browser.manage().window().setSize(desktop);
    }
  }

  @Test
  @Order(6)
  void theReportListFiltersAndTheDetailShowsTheRawJson() throws Exception {
    browser.get(base + "/reports");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-type")))
        .selectByVisibleText("starttls-not-supported");
    browser.findElement(By.id("f-domain")).sendKeys("example.net", Keys.ENTER);
    assertThat(browser.getCurrentUrl()).contains("result_type=starttls-not-supported");
    assertThat(number("reports-total")).isEqualTo(1);
    screenshot("reports");
    browser.findElement(By.linkText("recent-3")).click();
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Report recent-3");
    assertThat(number("report-successful")).isEqualTo(50);
    assertThat(number("report-failed")).isEqualTo(7);
    JsonNode raw = JSON.readTree(browser.findElement(By.id("raw-json")).getText());
    assertThat(raw.get("report-id").asString()).isEqualTo("recent-3");
    assertThat(raw.at("/policies/0/summary/total-failure-session-count").asLong()).isEqualTo(7);
    screenshot("report-detail");
  }

  @Test
  @Order(7)
  void anExportLinkDownloadsTheApisCsv() throws Exception {
    browser.get(base + "/domains/example.net?last=30");
    WebElement link =
        browser.findElement(By.cssSelector("a[aria-label='Failures by result type as CSV']"));
    String href = link.getAttribute("href");
    link.click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              try (var files = Files.list(downloads)) {
                return files.anyMatch(f -> f.toString().endsWith(".csv"));
              }
            });
    Path csv;
    try (var files = Files.list(downloads)) {
      csv = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
    }
    String downloaded = Files.readString(csv, StandardCharsets.UTF_8);
    HttpResponse<String> viaApi =
        api.get(
            URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery(),
            "Authorization",
            "Bearer " + TOKEN);
    assertThat(downloaded).isEqualTo(viaApi.body());
    assertThat(downloaded).contains("starttls-not-supported", "certificate-expired");
  }

  @Test
  @Order(8)
  void theSessionSurvivesARestartOfServe() throws Exception {
    serve.restart();
    base = serve.base().toString(); // another port; the browser's cookie is for the host
    api = serve.web();
    browser.get(base + "/domains/example.net");
    assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/domains/example.net");
    assertThat(number("total-failed"))
        .isEqualTo(apiGet("/api/v1/domains/example.net/summary").get("failed").asLong());
  }

  @Test
  @Order(9)
  void logoutEndsTheSession() {
    browser.get(base + "/");
    browser.findElement(By.xpath("//button[text()='Log out']")).click();
    // the click returns before the form's navigation has necessarily committed
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> URI.create(browser.getCurrentUrl()).getPath().equals("/login"));
    browser.get(base + "/");
    assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/login");
  }
}
