package dev.mtasts.app.demo;

import dev.mtasts.app.testing.RequiredService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Writes the README's screenshots from {@code mtasts demo}'s data: run by name only ({@code
 * -Dtest=DemoScreenshots}), not part of the suite; the pictures land in {@code docs/img/}.
 */
class DemoScreenshots {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @Test
  void writeTheReadmeScreenshots() throws Exception {
    RequiredService.assume(Files.isExecutable(CHROMEDRIVER), "chromium-driver");
    Path docs = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/img");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (Demo demo = Demo.start(new Demo.Options(0, Optional.empty(), 30, 8460, today))) {
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toString());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu");
      ChromeDriver browser =
          new ChromeDriver(
              new ChromeDriverService.Builder()
                  .usingDriverExecutable(CHROMEDRIVER.toFile())
                  .build(),
              options);
      try {
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(demo.url() + "login");
        browser.findElement(By.name("token")).sendKeys(demo.token().value(), Keys.ENTER);
        browser.get(demo.url());
        browser.manage().window().setSize(new Dimension(1280, 1500));
        Files.write(docs.resolve("overview.png"), browser.getScreenshotAs(OutputType.BYTES));
        browser.get(demo.url() + "domains/mx-mismatch.test?last=30");
        browser.manage().window().setSize(new Dimension(1280, 2300));
        Files.write(docs.resolve("domain-page.png"), browser.getScreenshotAs(OutputType.BYTES));
      } finally {
        browser.quit();
      }
    }
  }
}
