package dev.mtasts.app.socketmap;

import java.time.Duration;
import java.util.Objects;

/**
 * How the socketmap server runs.
 *
 * @param maxRequest largest request payload in bytes; a larger one closes the connection
 * @param idleTimeout a connection without any request for this long is closed
 * @param shutdownTimeout how long shutdown waits for in-flight requests ({@code shutdown_timeout})
 */
public record ServerOptions(
    Endpoint endpoint, int maxRequest, Duration idleTimeout, Duration shutdownTimeout) {

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
  }
}
