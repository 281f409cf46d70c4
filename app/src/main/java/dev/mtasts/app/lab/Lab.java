package dev.mtasts.app.lab;

import dev.mtasts.app.lab.ca.IssuedCertificate;
import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.app.lab.ca.ServerContexts;
import dev.mtasts.app.lab.dns.DnsServer;
import dev.mtasts.app.lab.dns.Zone;
import dev.mtasts.app.lab.https.PolicyHostServer;
import dev.mtasts.app.lab.smtp.Mbox;
import dev.mtasts.app.lab.smtp.ReceivedMessage;
import dev.mtasts.app.lab.smtp.SmtpHost;
import dev.mtasts.app.lab.smtp.SmtpServer;
import dev.mtasts.app.listen.CannotListenException;
import dev.mtasts.core.tls.TlsClients;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A running lab: an authoritative DNS server for {@code test.}, one HTTPS server per policy host,
 * one SMTP server per reachable MX host, and the private CA that signed their certificates, all on
 * loopback. Start with {@link #start}; {@link #close} stops everything.
 *
 * <p>The CA and every certificate are made afresh at each start and written to the options'
 * directory ({@code ca.pem}, {@code certs/<host>.pem}); mail the MX hosts accept is kept in memory
 * ({@link #receivedMail}) and appended to {@code mail/<domain>.mbox}.
 */
public final class Lab implements AutoCloseable {

  private static final int BIND_ATTEMPTS = 10;

  private final LabOptions options;
  private final World world;
  private final Path caFile;
  private final X509Certificate caCertificate;
  private final boolean oldTls;
  private final Mailboxes mailboxes;
  private final List<AutoCloseable> running = new ArrayList<>();
  private DnsServer dns;
  private int httpsPort;
  private int smtpPort;

  private Lab(LabOptions options, World world, LabCa ca, Path caFile, boolean oldTls) {
    this.options = options;
    this.world = world;
    this.caFile = caFile;
    this.caCertificate = ca.root();
    this.oldTls = oldTls;
    this.mailboxes = new Mailboxes(options.dir().resolve("mail"));
  }

  /** Builds the world of {@code options} and starts serving it. */
  public static Lab start(LabOptions options) throws IOException {
    // First, before this process uses TLS anywhere: mx-old-tls.test must speak only TLS 1.0/1.1,
    // which the JDK bans process-wide (see TlsClients.allowLegacyProtocols).
    boolean oldTls = TlsClients.allowLegacyProtocols();
    Path dir = options.dir().toAbsolutePath().normalize();
    LabCa ca = LabCa.create(options.clock());
    World world = World.build(options.scenarios(), ca);
    Path caFile = dir.resolve("ca.pem");
    Files.createDirectories(dir.resolve("certs"));
    Files.writeString(caFile, ca.rootPem());
    for (IssuedCertificate certificate : world.certificates()) {
      Files.writeString(
          dir.resolve("certs").resolve(certificate.host() + ".pem"),
          LabCa.pem(certificate.chain()));
    }
    Lab lab = new Lab(options, world, ca, caFile, oldTls);
    try {
      lab.listen();
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  private void listen() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    dns =
        CannotListenException.bind(
            new InetSocketAddress(loopback, options.dnsPort()),
            "--dns-port, or stop the lab that is already running",
            () ->
                DnsServer.start(world.zone(), loopback, options.dnsPort(), options.idleTimeout()));
    running.add(dns);
    List<Binder> https = new ArrayList<>();
    for (World.PolicySite site : world.sites()) {
      var tls = ServerContexts.of(site.certificate());
      https.add(
          port -> {
            InetSocketAddress address = new InetSocketAddress(site.address(), port);
            return CannotListenException.bind(
                address,
                "--https-port, or stop the lab that is already running",
                () -> PolicyHostServer.start(address, tls, site.response()));
          });
    }
    httpsPort = onOnePort(options.httpsPort(), https);
    List<Binder> smtp = new ArrayList<>();
    for (World.MailHost host : world.mailHosts()) {
      SmtpHost config =
          switch (host.mx().smtp()) {
            case UNREACHABLE -> null;
            case NO_STARTTLS -> new SmtpHost(host.mx().name(), Optional.empty(), List.of());
            case OLD_TLS_ONLY ->
                new SmtpHost(
                    host.mx().name(),
                    Optional.of(ServerContexts.of(host.certificate())),
                    TlsClients.Versions.LEGACY_DIAGNOSTIC.protocols());
            case STARTTLS ->
                new SmtpHost(
                    host.mx().name(),
                    Optional.of(ServerContexts.of(host.certificate())),
                    SmtpHost.MODERN_PROTOCOLS);
            case SLOW_BANNER ->
                new SmtpHost(
                    host.mx().name(),
                    Optional.of(ServerContexts.of(host.certificate())),
                    SmtpHost.MODERN_PROTOCOLS,
                    options.slowBanner());
          };
      if (config != null) {
        String domain = host.scenario().domain();
        smtp.add(
            port -> {
              InetSocketAddress address = new InetSocketAddress(host.address(), port);
              return CannotListenException.bind(
                  address,
                  "--smtp-port, or stop the lab that is already running",
                  () ->
                      SmtpServer.start(
                          address,
                          config,
                          message -> mailboxes.accept(domain, message),
                          options.clock(),
                          options.idleTimeout()));
            });
      }
    }
    smtpPort = onOnePort(options.smtpPort(), smtp);
  }

  /** Starts one server on a given port. */
  private interface Binder {
    AutoCloseable bind(int port) throws IOException;
  }

  /**
   * Starts every server on the same port, each on its own address. With port 0 the first picks a
   * free port and the others follow; if one of them finds it taken, all start again elsewhere.
   */
  private int onOnePort(int port, List<Binder> binders) throws IOException {
    for (int attempt = 1; ; attempt++) {
      List<AutoCloseable> started = new ArrayList<>();
      int chosen = port;
      try {
        for (Binder binder : binders) {
          AutoCloseable server = binder.bind(chosen);
          started.add(server);
          if (chosen == 0) {
            chosen = portOf(server);
          }
        }
        running.addAll(started);
        return chosen;
      } catch (CannotListenException e) {
        started.forEach(Lab::closeQuietly);
        if (port != 0 || attempt >= BIND_ATTEMPTS || !(e.getCause() instanceof BindException)) {
          throw e;
        }
      }
    }
  }

  private static int portOf(AutoCloseable server) {
    return switch (server) {
      case PolicyHostServer https -> https.address().getPort();
      case SmtpServer smtp -> smtp.address().getPort();
      default -> throw new IllegalArgumentException(server.getClass().getName());
    };
  }

  /** The DNS server's address (UDP and TCP). */
  public InetSocketAddress dnsAddress() {
    return dns.address();
  }

  /** The lab CA certificate file, absolute. */
  public Path caFile() {
    return caFile;
  }

  /** The lab CA certificate. */
  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** The port every policy host listens on. */
  public int httpsPort() {
    return httpsPort;
  }

  /** The port every reachable MX host listens on. */
  public int smtpPort() {
    return smtpPort;
  }

  /** The scenario domains, in table order. */
  public List<String> domains() {
    return options.scenarios().stream().map(Scenario::domain).toList();
  }

  /** How long the MX hosts of slow domains wait before greeting. */
  public Duration slowBanner() {
    return options.slowBanner();
  }

  /** The scenarios this lab serves. */
  public List<Scenario> scenarios() {
    return options.scenarios();
  }

  /** The {@code test.} zone the DNS server answers from. */
  public Zone zone() {
    return world.zone();
  }

  /** The zone in master-file format, for a real authoritative server to serve. */
  public String zoneText() {
    return world.zone().masterFile();
  }

  /** The loopback address of a lab host (policy host or MX host), if it has one. */
  public Optional<InetAddress> address(String host) {
    return Stream.concat(
            world.sites().stream()
                .filter(s -> s.scenario().policyHost().equals(host))
                .map(World.PolicySite::address),
            world.mailHosts().stream()
                .filter(m -> m.mx().name().equals(host))
                .map(World.MailHost::address))
        .findFirst();
  }

  /** Whether this process can speak TLS 1.0/1.1, i.e. mx-old-tls.test really handshakes. */
  public boolean oldTlsEnabled() {
    return oldTls;
  }

  /** Every message the MX hosts accepted since the start, oldest first. */
  public List<ReceivedMessage> receivedMail() {
    return mailboxes.all();
  }

  /** The options other commands take to use this lab, e.g. {@code --dns 127.0.0.1:5353 ...}. */
  public String clientOptions() {
    return "--dns "
        + dnsAddress().getAddress().getHostAddress()
        + ":"
        + dnsAddress().getPort()
        + " --ca-file "
        + caFile
        + " --https-port "
        + httpsPort
        + " --smtp-port "
        + smtpPort
        + " --allow-private-addresses";
  }

  @Override
  public void close() {
    running.reversed().forEach(Lab::closeQuietly);
    running.clear();
  }

  private static void closeQuietly(AutoCloseable server) {
    try {
      server.close();
    } catch (Exception e) {
      // Closing a listener that failed to start fully is not worth failing a shutdown for.
    }
  }

  /** Received mail: in memory, and appended to one mbox file per domain. */
  private static final class Mailboxes {
    private final Path dir;
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();

    Mailboxes(Path dir) {
      this.dir = dir;
    }

    void accept(String domain, ReceivedMessage message) {
      messages.add(message);
      Mbox.append(dir.resolve(domain + ".mbox"), message);
    }

    List<ReceivedMessage> all() {
      return List.copyOf(messages);
    }
  }
}
