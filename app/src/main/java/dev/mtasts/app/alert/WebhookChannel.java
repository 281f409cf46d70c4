package dev.mtasts.app.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alerts as a JSON POST (docs/alerts.md): the body is {@code {"sent_at":"...","event":{...}}}, and
 * {@code X-Mtasts-Signature: sha256=HEX} is the HMAC-SHA256 of the exact body bytes under the
 * shared secret; {@code X-Mtasts-Timestamp} repeats {@code sent_at} in epoch seconds, so a receiver
 * can refuse old replays. Redirects are not followed; any status but 2xx is a failure (retried).
 * The URL is configured by the operator, so loopback and private addresses are allowed.
 */
public final class WebhookChannel implements AlertChannel {

  public static final String SIGNATURE_HEADER = "X-Mtasts-Signature";
  public static final String TIMESTAMP_HEADER = "X-Mtasts-Timestamp";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI url;
  private final byte[] secret;
  private final Clock clock;
  private final HttpClient client;

  private WebhookChannel(URI url, byte[] secret, Clock clock) {
    this.url = url;
    this.secret = secret.clone();
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Reads the secret (the file's content without surrounding white space).
   *
   * @throws IOException when the secret file cannot be read or is empty
   */
  public static WebhookChannel of(AlertConfig.Webhook config, Clock clock) throws IOException {
    Path file = config.secretFile();
    String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (secret.isEmpty()) {
      throw new IOException("alerts.channels.webhook.secret_file " + file + " is empty");
    }
    return new WebhookChannel(config.url(), secret.getBytes(StandardCharsets.UTF_8), clock);
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void deliver(Notification n) throws DeliveryException {
    Instant now = clock.instant();
    String body = "{\"sent_at\":\"" + now + "\",\"event\":" + n.json() + "}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "mtasts-alerts")
            .header(TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()))
            .header(SIGNATURE_HEADER, "sha256=" + sign(secret, bytes))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    HttpResponse<Void> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new DeliveryException("webhook " + where() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("webhook " + where() + ": interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new DeliveryException("webhook " + where() + " answered " + response.statusCode());
    }
  }

  /** The hex HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String sign(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  /** The URL without path and query, which may hold a token: never logged whole. */
  private String where() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }
}
