package dev.mtasts.app.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.tls.TrustAnchors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily digest goes out once a day, at or after its hour, with the open alerts. */
class DigestTest {

  @TempDir Path dir;

  @Test
  void theDigestGoesOutOnceADayAfterItsHour() throws Exception {
    Files.writeString(dir.resolve("s"), "secret");
    LocalDate day = LocalDate.of(2026, 6, 10);
    AlertRulesTest.TestClock clock = new AlertRulesTest.TestClock(day);
    clock.now = day.atTime(6, 59).toInstant(ZoneOffset.UTC);
    try (WebhookReceiver webhook = new WebhookReceiver();
        ReportStore store = ReportStore.open(StoreLocation.inDataDirectory(dir.resolve("data")))) {
      AlertConfig config =
          new AlertConfig(
              Duration.ofHours(1),
              Duration.ofHours(1),
              new AlertDispatcher.Retry(Duration.ofSeconds(1), Duration.ofSeconds(1), 3),
              AlertConfig.Rules.DEFAULT,
              Optional.of(new AlertConfig.Webhook(webhook.url(), dir.resolve("s"))),
              Optional.empty(),
              Optional.of(new AlertConfig.Digest(7)));
      try (AlertService alerts =
          AlertService.start(store, Optional.of(config), TrustAnchors.jdkDefault(), clock)) {
        assertThat(alerts.digestIfDue()).isFalse(); // before 07:00 UTC
        alerts.dispatcher().raise(new Alert("policy-unreachable", "example.org", "", "down"));
        await().atMost(Duration.ofSeconds(10)).until(() -> webhook.received().size() == 1);

        clock.now = day.atTime(7, 30).toInstant(ZoneOffset.UTC);
        assertThat(alerts.digestIfDue()).isTrue();
        assertThat(alerts.digestIfDue()).isFalse(); // once a day
        await().atMost(Duration.ofSeconds(10)).until(() -> webhook.received().size() == 2);
        assertThat(webhook.received().get(1).text())
            .contains("\"type\":\"digest\",\"day\":\"2026-06-09\"")
            .contains("\"kind\":\"policy-unreachable\"")
            .contains("\"opened\":1");

        clock.now = day.plusDays(1).atTime(8, 0).toInstant(ZoneOffset.UTC);
        assertThat(alerts.digestIfDue()).isTrue(); // the next day's
        await().atMost(Duration.ofSeconds(10)).until(() -> webhook.received().size() == 3);
        assertThat(webhook.received().get(2).text()).contains("\"day\":\"2026-06-10\"");
      }
    }
  }
}
