package dev.mtasts.app.serve;

import dev.mtasts.app.alert.AlertConfig;
import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.intake.DkimPolicy;
import dev.mtasts.app.readiness.Thresholds;
import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsjavaResolver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of {@code serve} (docs/configuration.md); {@link #defaults(Path)} is the no-config
 * mode.
 *
 * @param data where the SQLite store, the admin token and other state live
 * @param database a {@code jdbc:postgresql:} URL instead of SQLite in {@code data}
 * @param dns the DNS server for DKIM keys ({@code dns}); empty: the system's
 * @param http the plain-HTTP listener (dashboard, API, uploads)
 * @param https the TLS listener, when configured
 * @param policyHost the policy hosting listener and its domains ({@code policy_host}), when
 *     configured
 * @param reports what reports are accepted and kept
 * @param metricsPublic whether {@code /metrics} answers without the admin token
 * @param configured whether a config file was read (false: no-config mode)
 * @param allowPrivateAddresses {@code allow_private_addresses}: targets others choose (rua=https
 *     endpoints) may be loopback, private or link-local addresses
 * @param reporting {@code tlsrpt_reporting:}, sending TLS reports, when configured
 * @param readiness the thresholds of the enforce-readiness verdict ({@code readiness})
 * @param alerts the alert rules and channels ({@code alerts}), when configured
 * @param outbound how serve reaches other hosts it checks ({@code ca_file}, {@code https_port},
 *     {@code smtp_port})
 */
public record ServeConfig(
    Path data,
    Optional<String> database,
    Optional<InetSocketAddress> dns,
    Http http,
    Optional<Https> https,
    Optional<PolicyHostConfig> policyHost,
    Reports reports,
    boolean metricsPublic,
    boolean configured,
    boolean allowPrivateAddresses,
    Optional<ReportingConfig> reporting,
    Thresholds readiness,
    Optional<AlertConfig> alerts,
    Outbound outbound) {

  /**
   * How serve reaches the policy hosts and MX hosts it checks (the monitoring of hosted domains),
   * besides {@code dns} and {@code allow_private_addresses}.
   *
   * @param caFile {@code ca_file}: CA certificates (PEM) trusted besides the JDK's
   * @param httpsPort {@code https_port}: the policy hosts' port (443; labs and tests)
   * @param smtpPort {@code smtp_port}: the MX hosts' port (25; labs and tests)
   */
  public record Outbound(Optional<Path> caFile, int httpsPort, int smtpPort) {
    public static final Outbound DEFAULT = new Outbound(Optional.empty(), 443, 25);

    public Outbound {
      java.util.Objects.requireNonNull(caFile, "caFile");
    }
  }

  /** The plain-HTTP listener and the limits every listener applies. */
  public record Http(InetSocketAddress listen, Limits limits) {}

  /** The TLS listener with its PEM certificate chain and private key. */
  public record Https(InetSocketAddress listen, Path certificate, Path key) {}

  /**
   * Limits on uploads (RFC 8460 §5.4 {@code POST /v1/tlsrpt}).
   *
   * @param maxBodyBytes largest upload body (413 above)
   * @param idleTimeout a connection that sends nothing for this long is closed (slow clients)
   * @param requestsPerSecond sustained uploads per client address (0: unlimited)
   * @param burst uploads a client may send at once before the rate applies
   */
  public record Limits(
      long maxBodyBytes, Duration idleTimeout, double requestsPerSecond, int burst) {

    public static final Limits DEFAULT =
        new Limits(10L * 1024 * 1024, Duration.ofSeconds(30), 50, 200);
  }

  /**
   * What reports are accepted and kept.
   *
   * @param domains {@code reports.domains}; empty accepts reports for every domain
   * @param dkim {@code reports.dkim}: require, prefer or off (RFC 8460 §5.3)
   * @param rawRetention raw reports older than this lose their bytes (0: kept forever)
   * @param smtp the SMTP listener for {@code rua=mailto:} ({@code reports.smtp}), when configured
   * @param imap the mailbox polled for report mail ({@code reports.imap}), when configured
   */
  public record Reports(
      List<String> domains,
      String dkim,
      Duration rawRetention,
      Optional<Smtp> smtp,
      Optional<Imap> imap) {
    public Reports {
      domains = List.copyOf(domains);
    }

    public static final Reports DEFAULT =
        new Reports(List.of(), "prefer", Duration.ofDays(365), Optional.empty(), Optional.empty());
  }

  /**
   * The SMTP listener report mail is delivered to (RFC 8460 §5.3, {@code rua=mailto:}).
   *
   * @param listen where it listens
   * @param recipients the addresses accepted (lower case); empty: any address whose domain is in
   *     {@code reports.domains} (every address in no-config mode)
   * @param maxMessageBytes the largest message (552 above)
   */
  public record Smtp(InetSocketAddress listen, List<String> recipients, int maxMessageBytes) {
    public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress("127.0.0.1", 2525);
    public static final int DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

    public Smtp {
      recipients = List.copyOf(recipients);
    }
  }

  /**
   * The mailbox polled for report mail (RFC 8460 §5.3 delivered elsewhere).
   *
   * @param url {@code imaps://USER@HOST[:PORT]/FOLDER}, or {@code imap://} to a loopback address
   * @param passwordFile the file holding the password (never logged)
   * @param pollInterval time between polls
   * @param processedFolder where stored and duplicate reports are moved
   * @param failedFolder where mail that is not a report for us is moved
   */
  public record Imap(
      URI url,
      Path passwordFile,
      Duration pollInterval,
      String processedFolder,
      String failedFolder) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(300);
    public static final String DEFAULT_PROCESSED = "Processed";
    public static final String DEFAULT_FAILED = "Failed";
  }

  /** The default listener: loopback only. */
  public static final InetSocketAddress DEFAULT_HTTP_LISTEN =
      new InetSocketAddress("127.0.0.1", 8080);

  /** No config file: SQLite in {@code data}, {@code 127.0.0.1:8080}, every domain accepted. */
  public static ServeConfig defaults(Path data) {
    return new ServeConfig(
        data,
        Optional.empty(),
        Optional.empty(),
        new Http(DEFAULT_HTTP_LISTEN, Limits.DEFAULT),
        Optional.empty(),
        Optional.empty(),
        Reports.DEFAULT,
        false,
        false,
        false,
        Optional.empty(),
        Thresholds.DEFAULT,
        Optional.empty(),
        Outbound.DEFAULT);
  }

  /** The store this config names. */
  public StoreLocation storeLocation() {
    return database.map(StoreLocation::ofUrl).orElseGet(() -> StoreLocation.inDataDirectory(data));
  }

  /** Which domains reports are stored for. */
  public Attribution attribution() {
    return reports.domains().isEmpty()
        ? Attribution.acceptAll()
        : Attribution.only(Set.copyOf(reports.domains()));
  }

  /** How report mail is DKIM-verified at receipt ({@code reports.dkim}, {@code dns}). */
  public DkimPolicy dkimPolicy() {
    DnsOptions options = dns.map(DnsOptions.defaults()::withServer).orElseGet(DnsOptions::defaults);
    return new DkimPolicy(
        DkimPolicy.Mode.of(reports.dkim()),
        new DkimVerifier(new DnsjavaResolver(options), Clock.systemUTC()));
  }

  /** The same settings with the data directory replaced (the {@code --data} flag). */
  public ServeConfig withData(Path dir) {
    return new ServeConfig(
        dir,
        database,
        dns,
        http,
        https,
        policyHost,
        reports,
        metricsPublic,
        configured,
        allowPrivateAddresses,
        reporting,
        readiness,
        alerts,
        outbound);
  }

  /** The same settings with the database replaced (the {@code --database} flag). */
  public ServeConfig withDatabase(String url) {
    return new ServeConfig(
        data,
        Optional.of(url),
        dns,
        http,
        https,
        policyHost,
        reports,
        metricsPublic,
        configured,
        allowPrivateAddresses,
        reporting,
        readiness,
        alerts,
        outbound);
  }
}
