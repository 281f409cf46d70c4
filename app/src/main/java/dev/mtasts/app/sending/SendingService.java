package dev.mtasts.app.sending;

import dev.mtasts.app.listen.CannotStartException;
import dev.mtasts.app.relay.RelayClient;
import dev.mtasts.app.sending.aggregate.Aggregator;
import dev.mtasts.app.sending.delivery.DkimKeyFile;
import dev.mtasts.app.sending.delivery.HttpsUpload;
import dev.mtasts.app.sending.delivery.MailTransport;
import dev.mtasts.app.sending.delivery.ReportSender;
import dev.mtasts.app.sending.delivery.RuaRecords;
import dev.mtasts.app.sending.delivery.Sendmail;
import dev.mtasts.app.sending.delivery.SmtpRelay;
import dev.mtasts.core.dkim.DkimSigner;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending TLS reports in a long-running process (the resolver, or serve): the sending database, the
 * {@link Aggregator} the collection sources feed ({@link #sink()}), and the daily sender, which
 * each minute plans yesterday's reports once and delivers those that are due.
 */
public final class SendingService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SendingService.class);

  /** How often counts go to the database. */
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

  /** How often the daily sender looks for due deliveries. */
  public static final Duration TICK = Duration.ofMinutes(1);

  private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(60);

  private final SendingDatabase database;
  private final Aggregator aggregator;
  private final ReportSender sender;
  private final ScheduledExecutorService daily;

  private SendingService(SendingDatabase database, Aggregator aggregator, ReportSender sender) {
    this.database = database;
    this.aggregator = aggregator;
    this.sender = sender;
    this.daily =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("tlsrpt-send").daemon(true).unstarted(r));
  }

  /**
   * Opens the database, starts the aggregation and the daily sender.
   *
   * @param dns where {@code _smtp._tls} records and https rua hosts are looked up
   * @param anchors the roots https rua and relay certificates must chain to
   * @param allowPrivateAddresses whether https rua hosts may be at non-public addresses
   * @throws SendingStoreException when the database cannot be opened
   * @throws CannotStartException when the DKIM key cannot be read or used
   */
  public static SendingService start(
      ReportingConfig config,
      DnsResolver dns,
      TrustAnchors anchors,
      boolean allowPrivateAddresses) {
    SendingDatabase database = SendingDatabase.open(config.store());
    ReportSender sender;
    try {
      sender = sender(config, database, dns, anchors, allowPrivateAddresses, Clock.systemUTC());
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    SendingService service =
        new SendingService(database, new Aggregator(database, FLUSH_INTERVAL), sender);
    long tick = TICK.toSeconds();
    service.daily.scheduleWithFixedDelay(service::tick, tick, tick, TimeUnit.SECONDS);
    return service;
  }

  /** As {@link #start(ReportingConfig, DnsResolver, TrustAnchors, boolean)} from a setup. */
  public static SendingService start(SendingSetup setup) {
    return start(setup.reporting(), setup.dns(), setup.anchors(), setup.allowPrivateAddresses());
  }

  /**
   * The sender over an open database, for {@code report send} and the daemon.
   *
   * @throws CannotStartException when the DKIM key cannot be read or used
   */
  public static ReportSender sender(
      ReportingConfig config,
      SendingDatabase database,
      DnsResolver dns,
      TrustAnchors anchors,
      boolean allowPrivateAddresses,
      Clock clock) {
    return new ReportSender(
        config,
        database,
        new RuaRecords(dns),
        signer(config, clock),
        transport(config, anchors),
        new HttpsUpload(dns, anchors, allowPrivateAddresses, NETWORK_TIMEOUT),
        clock,
        RandomGenerator.getDefault());
  }

  /** Where the collection sources hand their results. */
  public HandshakeSink sink() {
    return aggregator;
  }

  /** The aggregation itself (flush, counts recorded). */
  public Aggregator aggregator() {
    return aggregator;
  }

  private void tick() {
    try {
      aggregator.flush();
      sender.tick().forEach(a -> LOG.debug("{}", a));
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "sending TLS reports failed this time, trying again in {}: {}", TICK, e.getMessage());
    }
  }

  /** RFC 8460 §3: report mail is DKIM-signed; by us, unless {@code dkim: mta}. */
  private static Optional<DkimSigner> signer(ReportingConfig config, Clock clock) {
    if (!(config.dkim() instanceof ReportingConfig.Signing.Own own)) {
      return Optional.empty();
    }
    try {
      List<String> fields = new ArrayList<>(DkimSigner.DEFAULT_FIELDS);
      fields.add("tls-required");
      return Optional.of(
          new DkimSigner(
              own.domain(),
              own.selector(),
              DkimKeyFile.read(own.keyFile()),
              clock,
              fields,
              Optional.empty()));
    } catch (IOException | GeneralSecurityException e) {
      throw new CannotStartException(
          "tlsrpt_reporting.dkim.key_file " + own.keyFile() + ": " + CannotStartException.reason(e),
          e);
    }
  }

  private static MailTransport transport(ReportingConfig config, TrustAnchors anchors) {
    return switch (config.transport()) {
      case ReportingConfig.Transport.Relay relay ->
          new SmtpRelay(
              new RelayClient(relay.relay(), anchors, config.submitter(), NETWORK_TIMEOUT));
      case ReportingConfig.Transport.Sendmail sendmail ->
          new Sendmail(sendmail.program(), NETWORK_TIMEOUT);
    };
  }

  /** Stops the daily sender, writes the last counts, closes the database. */
  @Override
  public void close() {
    daily.shutdownNow();
    try {
      daily.awaitTermination(NETWORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    aggregator.close();
    database.close();
  }
}
