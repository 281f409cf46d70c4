package dev.mtasts.app.alert;

import dev.mtasts.app.relay.RelayConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code alerts} section of the serve config (docs/alerts.md).
 *
 * @param debounce how long after a stored report the rules are evaluated (more reports in that time
 *     are evaluated together)
 * @param interval time between scheduled evaluations of every domain
 * @param retry how failed deliveries are retried
 * @param rules the rules and their thresholds
 * @param webhook the webhook channel, when configured
 * @param email the email channel, when configured
 * @param digest the daily digest, when configured
 */
public record AlertConfig(
    Duration debounce,
    Duration interval,
    AlertDispatcher.Retry retry,
    Rules rules,
    Optional<Webhook> webhook,
    Optional<Email> email,
    Optional<Digest> digest) {

  public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(60);
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);

  /**
   * Which rules run; an absent rule does not.
   *
   * @param failureRate the failure rate across a window over a threshold
   * @param newResultType a result type failing in the window that did not fail in the history
   * @param newFailingSender an organisation or MX host failing in the window that did not before
   * @param reportsMissing no reports for some days where they came in the history
   */
  public record Rules(
      Optional<FailureRate> failureRate,
      Optional<Novelty> newResultType,
      Optional<Novelty> newFailingSender,
      Optional<ReportsMissing> reportsMissing) {

    public static final Rules DEFAULT =
        new Rules(
            Optional.of(FailureRate.DEFAULT),
            Optional.of(Novelty.DEFAULT),
            Optional.of(Novelty.DEFAULT),
            Optional.of(ReportsMissing.DEFAULT));
  }

  /**
   * Failed sessions per session, across the reports of the last {@code windowDays} days, over
   * {@code threshold}, with at least {@code minSessions} sessions (fewer say too little).
   */
  public record FailureRate(double threshold, int windowDays, long minSessions) {
    public static final FailureRate DEFAULT = new FailureRate(0.05, 2, 10);
  }

  /**
   * Something failing in the reports of the last {@code windowDays} days that did not fail in the
   * {@code historyDays} days before.
   */
  public record Novelty(int windowDays, int historyDays) {
    public static final Novelty DEFAULT = new Novelty(2, 30);
  }

  /**
   * No report whose date range starts in the last {@code days} days, where reports came on at least
   * {@code minHistoryDays} of the {@code historyDays} days before.
   */
  public record ReportsMissing(int days, int historyDays, int minHistoryDays) {
    public static final ReportsMissing DEFAULT = new ReportsMissing(3, 30, 7);
  }

  /** A JSON POST to {@code url}, signed with HMAC-SHA256 under the secret in {@code secretFile}. */
  public record Webhook(URI url, Path secretFile) {}

  /**
   * Mail through an SMTP relay.
   *
   * @param relay the relay ({@code relay}, {@code tls}, {@code username}, {@code password_file})
   * @param from the sender address
   * @param to the recipients
   */
  public record Email(RelayConfig relay, String from, List<String> to) {
    public Email {
      to = List.copyOf(to);
    }
  }

  /** One message a day, at {@code hour} (UTC), summarising open alerts and the day before. */
  public record Digest(int hour) {}
}
