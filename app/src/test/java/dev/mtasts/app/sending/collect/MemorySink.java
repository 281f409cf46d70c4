package dev.mtasts.app.sending.collect;

import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.app.sending.HandshakeSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A thread-safe sink that keeps every result, for tests. */
final class MemorySink implements HandshakeSink {

  private final List<HandshakeResult> results = new CopyOnWriteArrayList<>();

  @Override
  public void record(HandshakeResult result) {
    results.add(result);
  }

  List<HandshakeResult> results() {
    return List.copyOf(results);
  }

  long failures() {
    return results.stream().filter(r -> !r.successful()).count();
  }

  long successes() {
    return results.stream().filter(HandshakeResult::successful).count();
  }
}
