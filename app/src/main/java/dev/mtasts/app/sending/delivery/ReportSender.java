package dev.mtasts.app.sending.delivery;

import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.app.sending.aggregate.DayCounts;
import dev.mtasts.app.sending.report.DailyReport;
import dev.mtasts.app.sending.report.ReportMail;
import dev.mtasts.core.dkim.DkimSigner;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each recipient policy domain's daily report and delivers it to every {@code rua} of the
 * domain's record (RFC 8460 §3, §5): plans a day (looks up the records, draws each delivery's time
 * within the send window), attempts deliveries, retries failures with exponential backoff for up to
 * {@code retry_hours} (§5.5), keeps the delivery log and the suppression list. A delivery that
 * succeeded is never attempted again, which makes {@link #sendNow} idempotent.
 *
 * <p>Several senders may share one database: each attempt is made only under a claim ({@link
 * Deliveries#claimDue}) lasting {@link #LEASE}, longer than any attempt takes, and its result is
 * stored with retries ({@link #RECORD_WAITS}), so that a database that drops its connections just
 * after a report left does not make the report leave again once the claim has ended.
 */
public final class ReportSender {

  private static final Logger LOG = LoggerFactory.getLogger(ReportSender.class);

  /** What happened to one delivery in one call (for {@code report send}'s output and tests). */
  public record Attempt(String policyDomain, String rua, String outcome, String detail) {
    @Override
    public String toString() {
      return policyDomain + " " + (rua.isEmpty() ? "-" : rua) + " " + outcome + ": " + detail;
    }
  }

  /** How long a claim on a delivery lasts: far longer than an attempt's network timeouts. */
  public static final Duration LEASE = Duration.ofMinutes(15);

  /** The waits between tries to store an attempt's result (about a minute in all). */
  static final List<Duration> RECORD_WAITS =
      List.of(1, 2, 4, 8, 15, 30).stream().map(Duration::ofSeconds).toList();

  private final ReportingConfig config;
  private final DayCounts counts;
  private final Deliveries deliveries;
  private final RuaRecords records;
  private final Optional<DkimSigner> signer;
  private final MailTransport mail;
  private final HttpsUpload https;
  private final Clock clock;
  private final RandomGenerator random;
  // this sender's claims: the process and a random part, unique among the database's senders
  private final String holder = ProcessHandle.current().pid() + "-" + UUID.randomUUID();

  public ReportSender(
      ReportingConfig config,
      SendingDatabase database,
      RuaRecords records,
      Optional<DkimSigner> signer,
      MailTransport mail,
      HttpsUpload https,
      Clock clock,
      RandomGenerator random) {
    this.config = config;
    this.counts = new DayCounts(database);
    this.deliveries = new Deliveries(database);
    this.records = records;
    this.signer = signer;
    this.mail = mail;
    this.https = https;
    this.clock = clock;
    this.random = random;
  }

  /** The delivery log of this database (tests, {@code report send}). */
  public Deliveries deliveries() {
    return deliveries;
  }

  /**
   * {@code report send --day}: plans {@code day} now and attempts at once every delivery of it that
   * has not succeeded yet; one already delivered is reported as such and not sent again.
   */
  public List<Attempt> sendNow(LocalDate day) throws SQLException {
    Instant now = now();
    List<Attempt> attempts = new ArrayList<>(plan(day, () -> now));
    for (Deliveries.Row row : deliveries.ofDay(day)) {
      if (row.state() != DeliveryState.DELIVERED
          && deliveries.claimUndelivered(row, holder, now, now.plus(LEASE))) {
        attempts.add(attempt(row));
        continue;
      }
      Deliveries.Row current = deliveries.row(row.day(), row.policyDomain(), row.rua()).orElse(row);
      attempts.add(
          current.state() == DeliveryState.DELIVERED
              ? new Attempt(
                  row.policyDomain(),
                  row.rua(),
                  "already-delivered",
                  current.lastResult().orElse("delivered earlier") + "; not sent again")
              : new Attempt(
                  row.policyDomain(),
                  row.rua(),
                  "in-progress",
                  "another sender is attempting it now; not sent again"));
    }
    return attempts;
  }

  /**
   * The daemon's step: once yesterday (UTC) is over, plans it (each delivery at a random time
   * within the send window after midnight), then attempts the deliveries that are due.
   */
  public List<Attempt> tick() throws SQLException {
    Instant now = now();
    LocalDate yesterday = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
    List<Attempt> attempts = new ArrayList<>();
    if (!deliveries.planned(yesterday)) {
      // marked after planning: a sender that stops halfway leaves the day to the next tick, and
      // senders planning at once add each delivery once (its key is unique)
      Instant midnight = yesterday.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      long windowSeconds = config.schedule().window().toSeconds();
      attempts.addAll(
          plan(
              yesterday,
              () -> midnight.plusSeconds(windowSeconds == 0 ? 0 : random.nextLong(windowSeconds))));
      deliveries.markPlanned(yesterday, now);
    }
    for (Deliveries.Row row : deliveries.due(now)) {
      if (deliveries.claimDue(row, holder, now, now.plus(LEASE))) {
        attempts.add(attempt(row));
      }
    }
    return attempts;
  }

  /** Adds a pending delivery per rua of every domain with counts on {@code day}. */
  private List<Attempt> plan(LocalDate day, java.util.function.Supplier<Instant> sendAt)
      throws SQLException {
    List<Attempt> skipped = new ArrayList<>();
    for (String domain : counts.policyDomains(day)) {
      DailyReport report = DailyReport.of(day, domain, counts.results(day, domain), config);
      String id = report.report().reportId();
      if (config.onlyDaysWithFailures() && !report.hasFailures()) {
        skipped.add(new Attempt(domain, "", "skipped", "no failed session on " + day));
        continue;
      }
      switch (records.lookup(domain)) {
        case RuaRecords.Lookup.Found found -> {
          for (URI rua : found.rua()) {
            deliveries.plan(day, domain, rua.toString(), id, sendAt.get());
          }
        }
        case RuaRecords.Lookup.None none -> {
          deliveries.log(day, domain, "", id, "no-record", none.reason(), now());
          skipped.add(new Attempt(domain, "", "no-record", none.reason()));
        }
        case RuaRecords.Lookup.TemporaryFailure failure -> {
          deliveries.log(day, domain, "", id, "dns-failed", failure.reason(), now());
          skipped.add(new Attempt(domain, "", "dns-failed", failure.reason()));
        }
      }
    }
    return skipped;
  }

  /** One attempt of one delivery this sender claimed, its result stored and logged. */
  private Attempt attempt(Deliveries.Row row) throws SQLException {
    Instant now = now();
    Optional<String> suppressed = suppressed(row.rua());
    if (suppressed.isPresent()) {
      record(
          row,
          DeliveryState.SUPPRESSED,
          row.attempts(),
          row.firstAttempt(),
          row.nextAttempt(),
          "suppressed",
          suppressed.get(),
          now);
      return new Attempt(row.policyDomain(), row.rua(), "suppressed", suppressed.get());
    }
    DailyReport report =
        DailyReport.of(
            row.day(), row.policyDomain(), counts.results(row.day(), row.policyDomain()), config);
    Outcome outcome = deliver(report, URI.create(row.rua()), now);
    int attempts = row.attempts() + 1;
    Optional<Instant> first = Optional.of(row.firstAttempt().orElse(now));
    DeliveryState state;
    Instant next = now;
    String name;
    switch (outcome) {
      case Outcome.Delivered d -> {
        state = DeliveryState.DELIVERED;
        name = "delivered";
      }
      case Outcome.Refused r -> {
        state = DeliveryState.REFUSED;
        name = "refused";
      }
      case Outcome.Failed f -> {
        // RFC 8460 §5.5: retry for up to 24 hours after the first attempt, exponential backoff
        next = now.plus(backoff(attempts));
        boolean retry = f.retry() && withinRetryTime(next, first.get());
        state = retry ? DeliveryState.PENDING : DeliveryState.FAILED;
        name = retry ? "failed-will-retry" : "failed";
      }
      case Outcome.NotSent n -> {
        next = now.plus(backoff(attempts));
        boolean retry = withinRetryTime(next, first.get());
        state = retry ? DeliveryState.PENDING : DeliveryState.NOT_SENT;
        name = retry ? "not-sent-will-retry" : "not-sent";
      }
    }
    record(row, state, attempts, first, next, name, outcome.detail(), now);
    LOG.info(
        "TLS report {} for {} to {}: {}: {}",
        row.reportId(),
        row.policyDomain(),
        row.rua(),
        name,
        outcome.detail());
    if (state == DeliveryState.FAILED) {
      suppressWhenFailingRepeatedly(row.rua(), now);
    }
    return new Attempt(row.policyDomain(), row.rua(), name, outcome.detail());
  }

  private boolean withinRetryTime(Instant next, Instant first) {
    return !next.isAfter(first.plus(config.schedule().retryFor()));
  }

  /**
   * Stores an attempt's result, trying again for about a minute when the database fails: the report
   * has left, and a result not stored would have it leave again once the claim ended.
   */
  private void record(
      Deliveries.Row row,
      DeliveryState state,
      int attempts,
      Optional<Instant> first,
      Instant next,
      String outcome,
      String detail,
      Instant now)
      throws SQLException {
    for (int tries = 0; ; tries++) {
      try {
        if (!deliveries.record(row, holder, state, attempts, first, next, outcome, detail, now)) {
          LOG.warn(
              "TLS report {} to {}: result not stored by this sender: stored already, or the claim"
                  + " ended and another sender took the delivery",
              row.reportId(),
              row.rua());
        }
        return;
      } catch (SQLException e) {
        if (tries == RECORD_WAITS.size()) {
          throw e;
        }
        LOG.warn(
            "TLS report {} to {}: cannot store the result ({}), trying again in {}",
            row.reportId(),
            row.rua(),
            e.getMessage(),
            RECORD_WAITS.get(tries));
        try {
          Thread.sleep(RECORD_WAITS.get(tries));
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private Outcome deliver(DailyReport report, URI rua, Instant now) {
    String scheme = String.valueOf(rua.getScheme()).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "mailto" -> {
        String address = mailtoAddress(rua);
        if (address.isEmpty() || !address.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
          yield new Outcome.Refused("not an ASCII mail address: " + rua);
        }
        byte[] message = ReportMail.of(report, config.from(), address, now.atZone(ZoneOffset.UTC));
        byte[] signed = signer.map(s -> s.sign(message)).orElse(message);
        yield mail.send(config.from(), address, signed);
      }
      case "https" -> https.post(rua, report.gzip());
      default -> new Outcome.Refused("unsupported rua scheme: " + rua);
    };
  }

  /** The address of {@code mailto:ADDRESS[?hfields]} (RFC 6068), percent-decoded. */
  static String mailtoAddress(URI rua) {
    String part = rua.getSchemeSpecificPart();
    int query = part.indexOf('?');
    return (query < 0 ? part : part.substring(0, query)).strip();
  }

  private Duration backoff(int attempts) {
    return config.schedule().firstRetry().multipliedBy(1L << Math.min(attempts - 1, 20));
  }

  /** The manual list (the URI or, for mailto, the address) first, then the stored list. */
  private Optional<String> suppressed(String rua) throws SQLException {
    URI uri = URI.create(rua);
    boolean manual =
        config.suppress().stream()
            .anyMatch(
                s ->
                    s.equalsIgnoreCase(rua)
                        || ("mailto".equalsIgnoreCase(uri.getScheme())
                            && s.equalsIgnoreCase(mailtoAddress(uri))));
    if (manual) {
      return Optional.of("on tlsrpt_reporting.suppress");
    }
    return deliveries.suppression(rua);
  }

  private void suppressWhenFailingRepeatedly(String rua, Instant now) throws SQLException {
    int n = config.suppressAfterFailures();
    List<DeliveryState> last = deliveries.lastStates(rua, n);
    if (last.size() == n && last.stream().allMatch(s -> s == DeliveryState.FAILED)) {
      String reason = "deliveries failed on " + n + " days in a row";
      deliveries.suppress(rua, reason, now);
      LOG.warn("TLS report rua {} suppressed: {}", rua, reason);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
