package dev.mtasts.core.probe;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and identity of an SMTP probe.
 *
 * @param port the SMTP port: 25 for real MX hosts, another for labs ({@code --smtp-port})
 * @param ehloName the name sent with EHLO (RFC 5321 §4.1.1.1): the prober's own host name
 * @param connectTimeout for the TCP connection
 * @param readTimeout per reply, and for the TLS handshake (RFC 5321 §4.5.3.2 allows minutes; probes
 *     are impatient)
 * @param totalTimeout one whole conversation
 * @param maxReplyBytes everything the server may send before TLS, and again after it
 */
public record ProbeSettings(
    int port,
    String ehloName,
    Duration connectTimeout,
    Duration readTimeout,
    Duration totalTimeout,
    long maxReplyBytes) {

  public static final int DEFAULT_PORT = 25;

  public ProbeSettings {
    Objects.requireNonNull(ehloName, "ehloName");
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (ehloName.isBlank() || ehloName.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
      throw new IllegalArgumentException("EHLO name must be a host name: '" + ehloName + "'");
    }
    if (maxReplyBytes < 1024) {
      throw new IllegalArgumentException("maxReplyBytes below 1024");
    }
  }

  /** Port 25, 10 s to connect, 30 s per reply, 60 s in all, 64 KiB of replies. */
  public static ProbeSettings defaults(String ehloName) {
    return new ProbeSettings(
        DEFAULT_PORT,
        ehloName,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        64 * 1024);
  }

  public ProbeSettings withPort(int newPort) {
    return new ProbeSettings(
        newPort, ehloName, connectTimeout, readTimeout, totalTimeout, maxReplyBytes);
  }

  public ProbeSettings withTimeouts(Duration connect, Duration read, Duration total) {
    return new ProbeSettings(port, ehloName, connect, read, total, maxReplyBytes);
  }
}
