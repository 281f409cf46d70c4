package dev.mtasts.app.resolver;

import dev.mtasts.app.sending.HandshakeSink;
import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.sending.SendingService;
import dev.mtasts.app.sending.collect.CachedPolicyView;
import dev.mtasts.app.sending.collect.Collection;
import dev.mtasts.app.sending.collect.CollectorMetrics;
import dev.mtasts.app.sending.collect.MicrometerCollectorMetrics;
import dev.mtasts.app.sending.collect.PolicyFetchFailures;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.RefreshObserver;
import java.time.Duration;
import java.util.Optional;

/**
 * The resolver's {@code tlsrpt_reporting}: the sending (aggregation, daily reports) and the
 * collection sources feeding it (datagrams, mail log, the resolver's own failed fetches). A class
 * of its own so that a resolver without the section loads none of it (ResolverFootprintIT).
 */
final class TlsrptReporting implements AutoCloseable {

  private static final Duration SENDING_DNS_TIMEOUT = Duration.ofSeconds(10);

  private final ReportingConfig config;
  private final SendingService sending;
  private final CollectorMetrics metrics;
  private final PolicySources sources;
  private Optional<Collection> collection = Optional.empty();

  private TlsrptReporting(
      ReportingConfig config,
      SendingService sending,
      CollectorMetrics metrics,
      PolicySources sources) {
    this.config = config;
    this.sending = sending;
    this.metrics = metrics;
    this.sources = sources;
  }

  /** Opens the sending database and starts the daily sender; collection starts later. */
  static TlsrptReporting start(
      ResolverConfig config, PolicySources sources, Optional<PrometheusResolverMetrics> exported) {
    ReportingConfig reporting = config.reporting().orElseThrow();
    SendingService sending =
        SendingService.start(
            reporting,
            sources.dns().apply(SENDING_DNS_TIMEOUT),
            sources.anchors(),
            config.fetch().allowPrivateAddresses());
    CollectorMetrics metrics =
        exported.isPresent()
            ? new MicrometerCollectorMetrics(exported.get().registry())
            : CollectorMetrics.NONE;
    return new TlsrptReporting(reporting, sending, metrics, sources);
  }

  /** RFC 8460 §4.3.2.2: the policies the resolver could not have, for the policy engine. */
  RefreshObserver fetchFailures() {
    return new PolicyFetchFailures(sending.sink(), metrics, sources.clock());
  }

  /**
   * Starts the datagram collector and the mail log reader; the log is judged by the policies in
   * {@code cache}, as the resolver answers Postfix from it.
   *
   * @throws CannotStartException naming the key, when a source cannot start
   */
  void startCollection(PolicyCache cache) {
    collection =
        Optional.of(
            Collection.start(
                config,
                sending.sink(),
                Optional.of(new CachedPolicyView(cache, sources.clock())),
                metrics,
                sources.clock()));
  }

  HandshakeSink sink() {
    return sending.sink();
  }

  /** Stops the collection sources: nothing new reaches the sink. */
  void stopCollection() {
    collection.ifPresent(Collection::close);
  }

  /** Stops the daily sender and writes the last counts. */
  @Override
  public void close() {
    stopCollection();
    sending.close();
  }
}
