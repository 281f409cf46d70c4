package dev.mtasts.app.resolver;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/** The {@code cache} section: which store keeps policies, and its options. */
public sealed interface CacheSettings {

  /** {@code type: internal}: bounded in-memory LRU, lost on restart. */
  record Internal(int cacheSize) implements CacheSettings {}

  /**
   * {@code type: sqlite}.
   *
   * @param threads readers in the connection pool ({@code threads}, default: CPU count)
   * @param timeout waiting for a connection or a database lock ({@code timeout}, default 5 s)
   */
  record Sqlite(String filename, int threads, Duration timeout) implements CacheSettings {
    public Sqlite {
      Objects.requireNonNull(filename, "filename");
    }
  }

  /**
   * {@code type: redis}: the incumbent passes options to aioredis {@code from_url}; we honour
   * {@code url}, {@code socket_timeout}, {@code socket_connect_timeout} and {@code
   * max_connections}.
   */
  record Redis(
      String url, Duration socketTimeout, Duration connectTimeout, OptionalInt maxConnections)
      implements CacheSettings {
    public Redis {
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * {@code type: postgres}: {@code dsn} as libpq/asyncpg write it, e.g. {@code postgres://u@h/db}.
   */
  record Postgres(String dsn, Duration timeout) implements CacheSettings {
    public Postgres {
      Objects.requireNonNull(dsn, "dsn");
    }
  }
}
