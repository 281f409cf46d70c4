package dev.mtasts.core.fetch;

import java.time.Duration;

/**
 * Limits of a policy fetch.
 *
 * @param port the HTTPS port: 443 for real hosts, another for labs ({@code --https-port})
 * @param connectTimeout per address tried
 * @param readTimeout per read (handshake included)
 * @param totalTimeout the whole fetch, all addresses included (RFC 8461 §3.3 suggests one minute)
 * @param maxBodyBytes the largest body accepted (RFC 8461 §3.3 suggests 64 KiB)
 * @param allowPrivateAddresses connect to addresses senders on the internet cannot reach (loopback,
 *     private, link-local, ..., see {@link PublicAddresses}); false by default, since such a policy
 *     host is a mistake or an attempt to reach into the fetching operator's network; labs, tests
 *     and internal mail systems set it
 */
public record FetchSettings(
    int port,
    Duration connectTimeout,
    Duration readTimeout,
    Duration totalTimeout,
    int maxBodyBytes,
    boolean allowPrivateAddresses) {

  public static final int DEFAULT_PORT = 443;
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  public FetchSettings {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    requirePositive(totalTimeout, "totalTimeout");
  }

  /** Port 443, 10 s to connect, 20 s per read, 60 s in all, 64 KiB, public addresses only. */
  public static FetchSettings defaults() {
    return new FetchSettings(
        DEFAULT_PORT,
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofSeconds(60),
        DEFAULT_MAX_BODY_BYTES,
        false);
  }

  public FetchSettings withPort(int newPort) {
    return new FetchSettings(
        newPort, connectTimeout, readTimeout, totalTimeout, maxBodyBytes, allowPrivateAddresses);
  }

  public FetchSettings withTimeouts(Duration connect, Duration read, Duration total) {
    return new FetchSettings(port, connect, read, total, maxBodyBytes, allowPrivateAddresses);
  }

  public FetchSettings withPrivateAddresses(boolean allowed) {
    return new FetchSettings(
        port, connectTimeout, readTimeout, totalTimeout, maxBodyBytes, allowed);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
