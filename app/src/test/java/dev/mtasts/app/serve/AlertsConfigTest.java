package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.alert.AlertConfig;
import dev.mtasts.app.readiness.Thresholds;
import dev.mtasts.app.relay.RelayConfig;
import dev.mtasts.app.relay.RelayTls;
import dev.mtasts.core.ParseResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code alerts} and {@code readiness} sections of the serve config. */
class AlertsConfigTest {

  private static ParseResult<ServeConfig> read(String yaml) {
    return ServeConfigReader.read(yaml, Path.of("/etc/mtasts"));
  }

  private static List<String> errors(String yaml) {
    return read(yaml).errors().stream()
        .map(p -> p.code() + " line " + p.line() + ": " + p.message())
        .toList();
  }

  @Test
  void withoutTheSectionsTheDefaultsApplyAndNoAlertsRun() {
    ServeConfig c = read("data: d\n").orThrow();
    assertThat(c.alerts()).isEmpty();
    assertThat(c.readiness()).isEqualTo(Thresholds.DEFAULT);
  }

  @Test
  void anEmptyAlertsSectionRunsEveryRuleWithItsDefaultsAndNoChannel() {
    AlertConfig a = read("alerts: {}\n").orThrow().alerts().orElseThrow();
    assertThat(a.rules()).isEqualTo(AlertConfig.Rules.DEFAULT);
    assertThat(a.debounce()).isEqualTo(Duration.ofSeconds(60));
    assertThat(a.interval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(a.webhook()).isEmpty();
    assertThat(a.email()).isEmpty();
  }

  @Test
  void everyKeyIsRead() {
    ServeConfig c =
        read("""
                readiness: {window_days: 20, min_days: 10, min_senders: 3, min_sessions: 500,
                            max_failure_rate: 0.002, max_sender_failure_rate: 0.05}
                alerts:
                  debounce: 5
                  interval: 60
                  retry: {first: 10, max: 600, attempts: 4}
                  rules:
                    failure_rate: {threshold: 0.1, window_days: 3, min_sessions: 50}
                    reports_missing: {days: 2, history_days: 14, min_history_days: 5}
                  channels:
                    webhook: {url: "http://127.0.0.1:9000/hook", secret_file: hook.secret}
                    email: {relay: "localhost:25", from: mtasts@example.org, to: ops@example.org}
                    digest: {hour: 6}
                """)
            .orThrow();
    assertThat(c.readiness()).isEqualTo(new Thresholds(20, 10, 3, 500, 0.002, 0.05));
    AlertConfig a = c.alerts().orElseThrow();
    assertThat(a.debounce()).isEqualTo(Duration.ofSeconds(5));
    assertThat(a.retry().attempts()).isEqualTo(4);
    assertThat(a.rules().failureRate()).contains(new AlertConfig.FailureRate(0.1, 3, 50));
    assertThat(a.rules().newResultType()).isEmpty();
    assertThat(a.rules().newFailingSender()).isEmpty();
    assertThat(a.rules().reportsMissing()).contains(new AlertConfig.ReportsMissing(2, 14, 5));
    assertThat(a.webhook())
        .contains(
            new AlertConfig.Webhook(
                URI.create("http://127.0.0.1:9000/hook"), Path.of("/etc/mtasts/hook.secret")));
    assertThat(a.email())
        .contains(
            new AlertConfig.Email(
                new RelayConfig(
                    "alerts.channels.email", "localhost", 25, RelayTls.NONE, Optional.empty()),
                "mtasts@example.org",
                List.of("ops@example.org")));
    assertThat(a.digest()).contains(new AlertConfig.Digest(6));
  }

  @Test
  void unknownKeysAreErrorsNamingTheKeyAndLine() {
    assertThat(errors("alerts:\n  rules:\n    failure_rate: {treshold: 0.1}\n"))
        .containsExactly(
            "SERVE_CONFIG_UNKNOWN_KEY line 3: unknown key 'alerts.rules.failure_rate.treshold'");
    assertThat(errors("alerts:\n  channels:\n    slack: {url: x}\n"))
        .containsExactly("SERVE_CONFIG_UNKNOWN_KEY line 3: unknown key 'alerts.channels.slack'");
    assertThat(errors("readiness:\n  min_dayz: 3\n"))
        .containsExactly("SERVE_CONFIG_UNKNOWN_KEY line 2: unknown key 'readiness.min_dayz'");
  }

  @Test
  void aWebhookNeedsAnHttpUrlAndASecretFile() {
    assertThat(errors("alerts:\n  channels:\n    webhook: {url: \"https://h.example/x\"}\n"))
        .singleElement()
        .asString()
        .startsWith("SERVE_CONFIG_MISSING");
    assertThat(
            errors(
                "alerts:\n  channels:\n    webhook: {url: \"ftp://h.example/x\", secret_file: s}\n"))
        .containsExactly(
            "SERVE_CONFIG_VALUE line 3: alerts.channels.webhook.url must be an http(s) URL");
  }

  @Test
  void emailNeedsARelayAndAddresses() {
    assertThat(
            errors(
                "alerts:\n  channels:\n    email: {relay: \"h:0\", from: a@b.example, to: c@d.example}\n"))
        .containsExactly(
            "SERVE_CONFIG_VALUE line 3: alerts.channels.email.relay must be HOST[:PORT], e.g."
                + " 127.0.0.1:25 or [::1]:25");
    assertThat(
            errors(
                "alerts:\n  channels:\n    email: {relay: \"h:25\", from: nobody, to: [c@d.example]}\n"))
        .singleElement()
        .asString()
        .contains("must be addresses");
    assertThat(errors("alerts:\n  channels:\n    email: {relay: \"h:25\"}\n"))
        .singleElement()
        .asString()
        .startsWith("SERVE_CONFIG_MISSING");
  }

  @Test
  void aDigestNeedsAChannelAndAnHourOfTheDay() {
    assertThat(errors("alerts:\n  channels:\n    digest: {hour: 7}\n"))
        .singleElement()
        .asString()
        .startsWith("SERVE_CONFIG_MISSING line 3");
    assertThat(
            errors(
                "alerts:\n  channels:\n    digest: {hour: 24}\n    email: {relay: \"h:25\", from: a@b.example, to: c@d.example}\n"))
        .singleElement()
        .asString()
        .contains("hour must be within 0..23");
  }

  @Test
  void ratesAreSharesBelowOneAndDaysFitTheWindow() {
    assertThat(errors("readiness: {max_failure_rate: 5}\n"))
        .singleElement()
        .asString()
        .contains("share within 0 and 1");
    assertThat(errors("readiness: {max_failure_rate: \"a lot\"}\n")).hasSize(1);
    assertThat(errors("alerts:\n  rules:\n    failure_rate: {threshold: -0.1}\n")).hasSize(1);
    assertThat(errors("readiness: {window_days: 10, min_days: 20}\n"))
        .singleElement()
        .asString()
        .contains("min_days must be at most window_days + 1");
  }
}
