package dev.mtasts.app.sending;

/** Where the collection sources hand what they saw; the aggregation implements it. Thread-safe. */
public interface HandshakeSink {

  /** Counts one result. Must not block the caller for long (datagram readers call it). */
  void record(HandshakeResult result);
}
