package dev.mtasts.app.socketmap;

import java.time.Duration;
import java.util.Objects;

/**
 * How the socketmap server runs.
 *
 * @param maxRequest largest request payload in bytes; a larger one closes the connection
 * @param idleTimeout a connection without any request for this long is closed
 * @param shutdownTimeout how long shutdown waits for in-flight requests ({@code shutdown_timeout})
 * @param maxConnections the most connections open at once; at the limit the server stops accepting
 *     (new clients wait in the listen backlog) until one closes
 * @param maxLookups the most requests waiting for a blocking lookup (DNS, HTTPS, a database) at
 *     once; a request beyond it is answered {@code TEMP} at once
 */
public record ServerOptions(
    Endpoint endpoint,
    int maxRequest,
    Duration idleTimeout,
    Duration shutdownTimeout,
    int maxConnections,
    int maxLookups) {

  /** {@code mtasts.max_connections} unless set. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  /** {@code mtasts.max_lookups} unless set. */
  public static final int DEFAULT_MAX_LOOKUPS = 256;

  public ServerOptions {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    if (maxRequest < 1) {
      throw new IllegalArgumentException("maxRequest must be positive");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdownTimeout must not be negative");
    }
    if (maxConnections < 1 || maxLookups < 1) {
      throw new IllegalArgumentException("maxConnections and maxLookups must be positive");
    }
  }
}
