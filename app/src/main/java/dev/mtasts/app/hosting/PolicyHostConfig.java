package dev.mtasts.app.hosting;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code policy_host:} section of the serve config (docs/configuration.md).
 *
 * @param listen the HTTPS listener's address
 * @param domains the hosted domains, in the order of the file
 */
public record PolicyHostConfig(InetSocketAddress listen, List<HostedDomain> domains) {

  /** Where senders look (RFC 8461 §3.3: port 443). */
  public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("0.0.0.0", 443);

  public PolicyHostConfig {
    Objects.requireNonNull(listen, "listen");
    domains = List.copyOf(domains);
  }

  /** The hosted domain {@code domain} (A-label form), if configured. */
  public Optional<HostedDomain> domain(String domain) {
    return domains.stream().filter(d -> d.domain().equals(domain)).findFirst();
  }
}
