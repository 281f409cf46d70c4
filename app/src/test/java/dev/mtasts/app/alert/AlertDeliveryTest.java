package dev.mtasts.app.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.readiness.GeneratedReport;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.app.serve.ServeService;
import dev.mtasts.core.ParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real serve with a failure-rate rule, a webhook receiver and an SMTP sink on loopback: reports
 * uploaded over HTTP cross the rule, and the alert arrives once by webhook (signature checked) and
 * once by mail; not again while the condition persists; again after it cleared and returned.
 */
class AlertDeliveryTest {

  private static final String SECRET = "webhook-secret-0123456789";
  private static final String DOMAIN = "example.org";

  @TempDir Path dir;
  private WebhookReceiver webhook;
  private SmtpSink smtp;
  private ServeService serve;
  private URI base;
  private int ids;
  private final HttpClient client = HttpClient.newHttpClient();
  private final LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);

  @BeforeEach
  void start() throws Exception {
    webhook = new WebhookReceiver();
    smtp = new SmtpSink();
    Files.writeString(dir.resolve("webhook.secret"), SECRET + "\n");
  }

  private void startServe(String retry) throws Exception {
    String yaml =
        "data: data\n"
            + "http:\n  listen: 127.0.0.1:0\n"
            + "alerts:\n"
            + "  debounce: 0\n"
            + "  retry: "
            + retry
            + "\n"
            + "  rules:\n"
            + "    failure_rate: {threshold: 0.2, window_days: 2, min_sessions: 10}\n"
            + "  channels:\n"
            + "    webhook: {url: \""
            + webhook.url()
            + "\", secret_file: webhook.secret}\n"
            + "    email: {relay: 127.0.0.1:"
            + smtp.port()
            + ", from: mtasts@example.net, to: [ops@example.net]}\n";
    ParseResult<ServeConfig> config = ServeConfigReader.read(yaml, dir);
    assertThat(config.errors()).isEmpty();
    serve =
        ServeService.start(config.orThrow(), "token-0123456789", SystemdNotifier.fromEnvironment());
    base = URI.create("http://127.0.0.1:" + serve.httpAddress().getPort());
  }

  @AfterEach
  void stop() {
    if (serve != null) {
      serve.close();
    }
    webhook.close();
    smtp.close();
  }

  private void upload(String org, long successful, long failed) throws Exception {
    GeneratedReport r = GeneratedReport.sts(org, "a" + ids++, yesterday, DOMAIN, successful);
    if (failed > 0) {
      r = r.failing("certificate-expired", "mx1." + DOMAIN, failed);
    }
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(base.resolve("/v1/tlsrpt"))
                .header("Content-Type", "application/tlsrpt+gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestReports.gzip(r.json())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private void awaitDeliveries(int n) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> webhook.received().size() >= n && smtp.mails().size() >= n);
  }

  /** Evaluates now as the schedule would, and waits long enough for a wrong delivery to show. */
  private void evaluateAndSettle() throws InterruptedException {
    serve.alerts().evaluate(DOMAIN);
    Thread.sleep(1500);
  }

  @Test
  void anAlertFiresOnceWhileItHoldsAndAgainAfterItClearedAndReturned() throws Exception {
    startServe("{first: 1}");
    upload("Google Inc.", 100, 0);
    evaluateAndSettle();
    assertThat(webhook.received()).isEmpty();
    assertThat(smtp.mails()).isEmpty();

    upload("Microsoft Corporation", 0, 50); // 50 of 150 sessions failed: 33% > 20%
    awaitDeliveries(1);
    WebhookReceiver.Received hook = webhook.received().getFirst();
    assertThat(hook.headers().get(":method")).isEqualTo("POST");
    assertThat(hook.headers().get("content-type")).isEqualTo("application/json");
    assertThat(hook.headers().get("x-mtasts-signature"))
        .isEqualTo(
            "sha256=" + WebhookChannel.sign(SECRET.getBytes(StandardCharsets.UTF_8), hook.body()));
    long timestamp = Long.parseLong(hook.headers().get("x-mtasts-timestamp"));
    assertThat(Instant.ofEpochSecond(timestamp))
        .isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(hook.text())
        .contains("\"sent_at\":\"")
        .contains("\"type\":\"alert\",\"kind\":\"failure-rate\",\"domain\":\"example.org\"")
        .contains("50 of 150 TLS sessions (33.33%) failed")
        .contains("certificate-expired 50");
    SmtpSink.Mail mail = smtp.mails().getFirst();
    assertThat(mail.to()).isEqualTo("ops@example.net");
    assertThat(mail.from()).isEqualTo("mtasts@example.net");
    assertThat(mail.message().getSubject()).isEqualTo("[mtasts] example.org: failure-rate");
    assertThat(mail.message().getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat((String) mail.message().getContent()).contains("50 of 150 TLS sessions");

    upload("Yahoo", 0, 10); // still over: 60 of 160
    evaluateAndSettle();
    assertThat(webhook.received()).hasSize(1);
    assertThat(smtp.mails()).hasSize(1);
    assertThat(serve.alerts().dispatcher().open(DOMAIN)).hasSize(1);

    upload("Google Inc.", 1000, 0); // 60 of 1160: 5%, cleared
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> serve.alerts().dispatcher().open(DOMAIN).isEmpty());
    assertThat(webhook.received()).hasSize(1);

    upload("Microsoft Corporation", 0, 500); // 560 of 1660: 34%, back
    awaitDeliveries(2);
    evaluateAndSettle();
    assertThat(webhook.received()).hasSize(2);
    assertThat(smtp.mails()).hasSize(2);
    assertThat(webhook.received().get(1).text()).contains("560 of 1660 TLS sessions");
  }

  @Test
  void aFailedWebhookIsRetriedAndIntakeDoesNotWaitForIt() throws Exception {
    startServe("{first: 1, max: 2, attempts: 5}");
    webhook.failNext(2);
    upload("Google Inc.", 10, 0);
    long started = System.nanoTime();
    upload("Microsoft Corporation", 0, 40);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(30)).until(() -> webhook.received().size() == 1);
    assertThat(smtp.mails()).hasSize(1); // the mail went out at once, beside the failing webhook
    Thread.sleep(2500);
    assertThat(webhook.received()).hasSize(1);
  }

  @Test
  void anUnreachableRelayIsRetriedWithoutLosingTheWebhook() throws Exception {
    smtp.close(); // nothing listens on the relay port now
    startServe("{first: 1, max: 1, attempts: 3}");
    upload("Google Inc.", 10, 0);
    upload("Microsoft Corporation", 0, 40);
    await().atMost(Duration.ofSeconds(20)).until(() -> webhook.received().size() == 1);
    assertThat(smtp.mails()).isEmpty();
  }
}
