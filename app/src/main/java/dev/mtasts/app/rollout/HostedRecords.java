package dev.mtasts.app.rollout;

import dev.mtasts.app.dnsupdate.DnsUpdateSettings;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.core.publish.Publication;
import java.util.List;
import java.util.Optional;

/**
 * The DNS records a hosted domain needs now: {@code _mta-sts} with the served policy's id (RFC 8461
 * §3.1) and, with {@code tlsrpt_rua}, {@code _smtp._tls} (RFC 8460 §3). Built from {@link
 * HostedDomain#hostedPolicy()}, the one source of the id.
 */
public final class HostedRecords {

  private HostedRecords() {}

  /** What the domain publishes. */
  public static Publication publication(HostedDomain domain) {
    return new Publication(
        domain.domain(),
        domain.policy(),
        domain.hostedPolicy().stsRecord(),
        domain.publishing().tlsRpt());
  }

  /** The TXT records, with the TTL of {@code dns_update} or an hour. */
  public static List<Publication.DnsRecord> records(HostedDomain domain) {
    return publication(domain).records(Optional.empty(), ttl(domain));
  }

  /** The TTL the domain's records are written with. */
  public static int ttl(HostedDomain domain) {
    return (int)
        domain
            .publishing()
            .dnsUpdate()
            .map(DnsUpdateSettings::ttl)
            .orElse(DnsUpdateSettings.DEFAULT_TTL)
            .longValue();
  }

  /** The {@code _mta-sts} owner name. */
  public static String stsName(String domain) {
    return "_mta-sts." + domain;
  }
}
