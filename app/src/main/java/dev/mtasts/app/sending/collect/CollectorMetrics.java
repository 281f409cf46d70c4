package dev.mtasts.app.sending.collect;

/**
 * What the collection counts: {@code mtasts_tlsrpt_datagrams_total{outcome=counted|invalid}},
 * {@code mtasts_tlsrpt_invalid_datagrams_total{reason}} and {@code
 * mtasts_tlsrpt_handshakes_total{source=datagram|resolver,result=success|failure}} ({@link
 * MicrometerCollectorMetrics}). Without {@code metrics.listen} it is {@link #NONE}, so a daemon
 * that exports nothing loads no metrics library.
 */
public interface CollectorMetrics {

  /** A datagram was read and its handshakes counted. */
  void datagramCounted();

  /** A datagram could not be read; {@code reason} is its stable code. */
  void datagramInvalid(String reason);

  /** A handshake result from {@code source} was counted. */
  void handshake(String source, boolean successful);

  /** Counts nothing. */
  CollectorMetrics NONE =
      new CollectorMetrics() {
        @Override
        public void datagramCounted() {}

        @Override
        public void datagramInvalid(String reason) {}

        @Override
        public void handshake(String source, boolean successful) {}
      };
}
