package dev.mtasts.app.resolver;

import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.app.socketmap.SocketmapObserver;

/**
 * What the daemon counts: every socketmap answer, cache reads, failed fetches. Without {@code
 * metrics.listen} it is {@link #NONE}, so a daemon that exports nothing loads no metrics library.
 */
public interface ResolverMetrics extends SocketmapObserver {

  void cacheHit();

  void cacheMiss();

  void cacheError();

  /** A policy fetch (DNS or HTTPS) failed. */
  void fetchFailed();

  /** Counts nothing. */
  ResolverMetrics NONE =
      new ResolverMetrics() {
        @Override
        public void served(Reply reply, long nanos) {}

        @Override
        public void protocolViolation(String code) {}

        @Override
        public void cacheHit() {}

        @Override
        public void cacheMiss() {}

        @Override
        public void cacheError() {}

        @Override
        public void fetchFailed() {}
      };
}
