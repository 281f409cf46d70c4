package dev.mtasts.app.resolver;

import dev.mtasts.core.dns.DnssecMode;
import dev.mtasts.core.fetch.FetchSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Our {@code mtasts:} section: how policies are looked up and fetched, beyond the incumbent's
 * {@code timeout}.
 *
 * @param caFile {@code ca_file}: more CA certificates (PEM) to trust for policy hosts, besides the
 *     system's (labs, private CAs)
 * @param dns {@code dns}: DNS servers to ask instead of the system's resolvers ({@code HOST[:PORT]}
 *     each, IP addresses only)
 * @param httpsPort {@code https_port}: the policy hosts' port, 443 unless testing
 * @param dnssec {@code dnssec}: {@code off}, {@code trust_ad} or {@code validate}; DANE precedence
 *     needs a DNSSEC status other than {@code off}
 * @param allowPrivateAddresses {@code allow_private_addresses}: fetch policies from loopback,
 *     private and link-local addresses too (labs, tests, split-horizon networks); false by default,
 *     since a domain's owner could otherwise make the daemon send requests into its own network
 */
public record FetchOptions(
    Optional<Path> caFile,
    List<InetSocketAddress> dns,
    int httpsPort,
    DnssecMode dnssec,
    boolean allowPrivateAddresses) {

  public FetchOptions {
    Objects.requireNonNull(caFile, "caFile");
    dns = List.copyOf(dns);
    Objects.requireNonNull(dnssec, "dnssec");
  }

  /**
   * The system's CAs and resolvers, port 443, no DNSSEC (the incumbent's behaviour), public
   * addresses only.
   */
  public static final FetchOptions DEFAULT =
      new FetchOptions(
          Optional.empty(), List.of(), FetchSettings.DEFAULT_PORT, DnssecMode.OFF, false);
}
