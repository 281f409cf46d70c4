package dev.mtasts.app.hosting;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code policy_host:} section of the serve config (docs/configuration.md).
 *
 * @param listen the HTTPS listener's address
 * @param domains the hosted domains, in the order of the file
 * @param acmeHttpListen the plain listener for ACME HTTP-01 ({@code acme_http_listen}), if any
 * @param monitorInterval how often serve checks each hosted domain ({@code monitor_interval});
 *     zero: never
 */
public record PolicyHostConfig(
    InetSocketAddress listen,
    List<HostedDomain> domains,
    Optional<InetSocketAddress> acmeHttpListen,
    Duration monitorInterval) {

  /** Where senders look (RFC 8461 §3.3: port 443). */
  public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("0.0.0.0", 443);

  /** Six hours: four looks a day, well inside the 14 days of a certificate warning. */
  public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofHours(6);

  public PolicyHostConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(monitorInterval, "monitorInterval");
    domains = List.copyOf(domains);
    Objects.requireNonNull(acmeHttpListen, "acmeHttpListen");
  }

  /**
   * Without an HTTP-01 listener (ACME domains are validated by TLS-ALPN-01), monitored every {@link
   * #DEFAULT_MONITOR_INTERVAL}.
   */
  public PolicyHostConfig(InetSocketAddress listen, List<HostedDomain> domains) {
    this(listen, domains, Optional.empty(), DEFAULT_MONITOR_INTERVAL);
  }

  /** The hosted domain {@code domain} (A-label form), if configured. */
  public Optional<HostedDomain> domain(String domain) {
    return domains.stream().filter(d -> d.domain().equals(domain)).findFirst();
  }
}
