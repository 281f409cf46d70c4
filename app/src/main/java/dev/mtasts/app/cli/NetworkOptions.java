package dev.mtasts.app.cli;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.dns.DnsOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every network-facing command takes (docs/cli.md). Mixed into commands with
 * {@code @Mixin}.
 */
public final class NetworkOptions {

  /**
   * Default per-step network timeout: long enough for slow MX hosts, short enough for bulk runs.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  @Option(
      names = "--dns",
      paramLabel = "HOST[:PORT]",
      description = "DNS server to ask (UDP with TCP fallback) instead of the system's resolvers.")
  String dns;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "Also trust these CA certificates for HTTPS and SMTP (besides the system's).")
  Path caFile;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Per-step network timeout in seconds (default: ${DEFAULT-VALUE}).",
      defaultValue = "10")
  double timeoutSeconds;

  @Option(
      names = "--https-port",
      paramLabel = "N",
      description = "Connect to this port instead of 443 (labs and tests only).",
      defaultValue = "443")
  int httpsPort;

  @Option(
      names = "--smtp-port",
      paramLabel = "N",
      description = "Connect to this port instead of 25 (labs and tests only).",
      defaultValue = "25")
  int smtpPort;

  public String dns() {
    return dns;
  }

  /**
   * The {@code --dns} server, empty for the system's resolvers; an error when it does not parse.
   */
  public ParseResult<Optional<InetSocketAddress>> dnsServer() {
    return dns == null
        ? ParseResult.ok(Optional.empty())
        : DnsOptions.parseServer(dns).map(Optional::of);
  }

  public Path caFile() {
    return caFile;
  }

  public Duration timeout() {
    return Duration.ofMillis(Math.round(timeoutSeconds * 1000));
  }

  public int httpsPort() {
    return httpsPort;
  }

  public int smtpPort() {
    return smtpPort;
  }
}
