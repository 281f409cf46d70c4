package dev.mtasts.app.check;

import dev.mtasts.core.check.CheckOptions;
import dev.mtasts.core.check.DomainChecker;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsjavaResolver;
import dev.mtasts.core.dns.DnssecMode;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.probe.ProbeSettings;
import dev.mtasts.core.probe.SmtpProbe;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one way to build the {@link DomainChecker} that {@code check}, {@code policy promote} and the
 * monitoring in {@code serve} run.
 *
 * @param dns the DNS server to ask; empty: the system's
 * @param dnssec how the DNSSEC status is judged
 * @param anchors the trusted roots for HTTPS and SMTP
 * @param httpsPort the policy host's port (443 but in labs)
 * @param smtpPort the MX hosts' port (25 but in labs)
 * @param timeout per network step
 * @param deadline per domain
 * @param allowPrivateAddresses whether non-public addresses are fine (no ADDRESS_NOT_PUBLIC)
 */
public record Checkers(
    Optional<InetSocketAddress> dns,
    DnssecMode dnssec,
    TrustAnchors anchors,
    int httpsPort,
    int smtpPort,
    Duration timeout,
    Duration deadline,
    boolean allowPrivateAddresses) {

  public Checkers {
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(dnssec, "dnssec");
    Objects.requireNonNull(anchors, "anchors");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** The checker, on {@code clock}. */
  public DomainChecker checker(Clock clock) {
    DnsOptions options = DnsOptions.defaults().withTimeout(timeout).withDnssec(dnssec);
    if (dns.isPresent()) {
      options = options.withServer(dns.get());
    }
    return new DomainChecker(
        new DnsjavaResolver(options),
        new PolicyFetcher(
            // check probes every address, its operator asked; ADDRESS_NOT_PUBLIC reports them.
            FetchSettings.defaults()
                .withPort(httpsPort)
                .withTimeouts(timeout, timeout, timeout.multipliedBy(3))
                .withPrivateAddresses(true),
            anchors,
            clock),
        new SmtpProbe(
            ProbeSettings.defaults(ehloName())
                .withPort(smtpPort)
                .withTimeouts(timeout, timeout, timeout.multipliedBy(3)),
            anchors,
            clock),
        clock,
        CheckOptions.defaults().withDeadline(deadline).withPrivateAddresses(allowPrivateAddresses));
  }

  /** The name sent with EHLO (RFC 5321 §4.1.1.1): this host's name, or "localhost". */
  private static String ehloName() {
    try {
      String name = InetAddress.getLocalHost().getCanonicalHostName();
      return name.matches("[A-Za-z0-9.-]+") ? name : "localhost";
    } catch (IOException e) {
      return "localhost";
    }
  }
}
