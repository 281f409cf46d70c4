package dev.mtasts.app.lab;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link Lab}.
 *
 * @param dir where the CA, host certificates and received mail are written
 * @param dnsPort the DNS port on 127.0.0.1, UDP and TCP (0 for a free one)
 * @param httpsPort the port every policy host listens on, each on its own address (0: free)
 * @param smtpPort the port every MX host listens on, each on its own address (0: free)
 * @param idleTimeout how long an SMTP or DNS-over-TCP connection may stay silent
 * @param clock the clock certificates are dated by and mail is stamped with
 * @param scenarios the world to build
 */
public record LabOptions(
    Path dir,
    int dnsPort,
    int httpsPort,
    int smtpPort,
    Duration idleTimeout,
    Clock clock,
    List<Scenario> scenarios) {

  public static final int DEFAULT_DNS_PORT = 5353;
  public static final int DEFAULT_HTTPS_PORT = 8443;
  public static final int DEFAULT_SMTP_PORT = 2525;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  public LabOptions {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(clock, "clock");
    scenarios = List.copyOf(scenarios);
    for (int port : new int[] {dnsPort, httpsPort, smtpPort}) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
    }
  }

  /** The documented defaults: DNS 5353, HTTPS 8443, SMTP 2525, every scenario. */
  public static LabOptions defaults(Path dir) {
    return new LabOptions(
        dir,
        DEFAULT_DNS_PORT,
        DEFAULT_HTTPS_PORT,
        DEFAULT_SMTP_PORT,
        DEFAULT_IDLE_TIMEOUT,
        Clock.systemUTC(),
        Scenarios.all());
  }

  /** Free ports everywhere, for tests. */
  public static LabOptions ephemeral(Path dir) {
    return defaults(dir).withPorts(0, 0, 0);
  }

  public LabOptions withPorts(int dns, int https, int smtp) {
    return new LabOptions(dir, dns, https, smtp, idleTimeout, clock, scenarios);
  }

  public LabOptions withIdleTimeout(Duration timeout) {
    return new LabOptions(dir, dnsPort, httpsPort, smtpPort, timeout, clock, scenarios);
  }

  public LabOptions withClock(Clock value) {
    return new LabOptions(dir, dnsPort, httpsPort, smtpPort, idleTimeout, value, scenarios);
  }
}
