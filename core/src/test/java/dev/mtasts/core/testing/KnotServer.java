package dev.mtasts.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative server, Knot DNS ({@code knotd} from Debian's {@code knot} package), on a
 * free loopback port, serving zones given as master-file text from a private temporary directory.
 * Zones can be signed by knot's automatic DNSSEC signing (ECDSA P-256, NSEC); {@link
 * #trustAnchor(String)} gives the keys to validate them with.
 *
 * <p>Tests call {@link #assumeAvailable()} first: without {@code knotd} they are skipped, unless
 * the environment variable {@code MTASTS_REQUIRE_SERVICES=1} says the servers must be there (CI),
 * in which case they fail.
 */
public final class KnotServer implements AutoCloseable {

  /** A zone to serve. */
  public record KnotZone(String origin, String masterFile, boolean signed) {
    public static KnotZone plain(String origin, String masterFile) {
      return new KnotZone(origin, masterFile, false);
    }

    public static KnotZone signed(String origin, String masterFile) {
      return new KnotZone(origin, masterFile, true);
    }
  }

  /**
   * A TSIG key (RFC 8945) that may change a zone by dynamic update (RFC 2136).
   *
   * @param name the key's name, e.g. {@code mtasts-update}
   * @param algorithm knot's name for it, e.g. {@code hmac-sha256}
   * @param secret the shared secret, base64
   */
  public record UpdateKey(String name, String algorithm, String secret) {}

  private static final Duration STARTUP = Duration.ofSeconds(15);
  private static final List<Path> KNOTD_PLACES =
      List.of(
          Path.of("/usr/sbin/knotd"), Path.of("/usr/bin/knotd"), Path.of("/usr/local/sbin/knotd"));

  private final Path directory;
  private final Process process;
  private final InetSocketAddress address;

  private KnotServer(Path directory, Process process, InetSocketAddress address) {
    this.directory = directory;
    this.process = process;
    this.address = address;
  }

  /** Skips the calling test when knotd is missing, or fails it if services are required. */
  public static void assumeAvailable() {
    boolean present = knotd() != null;
    if (!present && "1".equals(System.getenv("MTASTS_REQUIRE_SERVICES"))) {
      fail("knotd is not installed but MTASTS_REQUIRE_SERVICES=1 (apt-get install knot)");
    }
    assumeTrue(present, "knotd is not installed (Debian package knot)");
  }

  /** Serves one unsigned zone, e.g. the lab's. */
  public static KnotServer serve(String origin, String masterFile) throws IOException {
    return start(List.of(KnotZone.plain(origin, masterFile)));
  }

  /** Serves one unsigned zone that accepts dynamic updates signed with {@code key}. */
  public static KnotServer serveUpdatable(String origin, String masterFile, UpdateKey key)
      throws IOException {
    return start(List.of(KnotZone.plain(origin, masterFile)), Optional.of(key));
  }

  /** Starts knotd with these zones and waits until it answers for each of them. */
  public static KnotServer start(List<KnotZone> zones) throws IOException {
    return start(zones, Optional.empty());
  }

  private static KnotServer start(List<KnotZone> zones, Optional<UpdateKey> updateKey)
      throws IOException {
    Path knotd = knotd();
    if (knotd == null) {
      throw new IllegalStateException("knotd is not installed");
    }
    Path directory = Files.createTempDirectory("knot");
    int port = freePort();
    StringBuilder zoneConfig = new StringBuilder();
    for (KnotZone zone : zones) {
      String origin = stripDot(zone.origin());
      Files.writeString(directory.resolve(origin + ".zone"), zone.masterFile());
      zoneConfig.append("  - domain: ").append(origin).append('\n');
      if (zone.signed()) {
        zoneConfig.append("    dnssec-signing: on\n    dnssec-policy: test\n");
      }
      if (updateKey.isPresent()) {
        zoneConfig.append("    acl: update\n");
      }
    }
    String access =
        updateKey
            .map(
                k ->
                    """
                    key:
                      - id: %s
                        algorithm: %s
                        secret: %s
                    acl:
                      - id: update
                        key: %1$s
                        action: update
                    """
                        .formatted(k.name(), k.algorithm(), k.secret()))
            .orElse("");
    String config =
        """
        server:
            rundir: "%1$s"
            pidfile: "%1$s/knot.pid"
            listen: 127.0.0.1@%2$d
        log:
          - target: stderr
            any: warning
        database:
            storage: "%1$s"
        policy:
          - id: test
            algorithm: ecdsap256sha256
            nsec3: off
        template:
          - id: default
            storage: "%1$s"
            file: "%%s.zone"
        %4$szone:
        %3$s"""
            .formatted(directory, port, zoneConfig, access);
    Path conf = directory.resolve("knot.conf");
    Files.writeString(conf, config);
    Path log = directory.resolve("knotd.log");
    Process process =
        new ProcessBuilder(knotd.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    KnotServer server =
        new KnotServer(
            directory, process, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    try {
      server.awaitZones(zones, log);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public InetSocketAddress address() {
    return address;
  }

  /**
   * The DNSKEY records of a signed zone as master-file text, for use as a trust anchor (RFC 4035
   * §4.4 allows DNSKEY or DS records).
   */
  public String trustAnchor(String origin) throws IOException {
    Message response = query(Name.fromString(origin, Name.root), Type.DNSKEY);
    StringBuilder anchors = new StringBuilder();
    for (Record record : response.getSection(Section.ANSWER)) {
      if (record instanceof DNSKEYRecord key
          && (key.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0) {
        anchors.append(record).append('\n');
      }
    }
    if (anchors.isEmpty()) {
      throw new IllegalStateException("no key-signing DNSKEY at " + origin);
    }
    return anchors.toString();
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void awaitZones(List<KnotZone> zones, Path log) throws IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    List<KnotZone> waiting = new ArrayList<>(zones);
    while (!waiting.isEmpty()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "knotd did not serve "
                + waiting
                + ":\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      KnotZone zone = waiting.getFirst();
      if (serves(zone)) {
        waiting.removeFirst();
      } else {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for knotd", e);
        }
      }
    }
  }

  /** The zone is loaded (and, when signed, its keys published). */
  private boolean serves(KnotZone zone) {
    try {
      Name origin = Name.fromString(zone.origin(), Name.root);
      Message response = query(origin, zone.signed() ? Type.DNSKEY : Type.SOA);
      return response.getRcode() == Rcode.NOERROR && response.getSection(Section.ANSWER).size() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private Message query(Name name, int type) throws IOException {
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTimeout(Duration.ofMillis(500));
    resolver.setTCP(true);
    return resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
  }

  private static Path knotd() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "knotd"))) {
        return Path.of(dir, "knotd");
      }
    }
    return KNOTD_PLACES.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }

  private static int freePort() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          DatagramSocket udp =
              new DatagramSocket(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort()))) {
        return udp.getLocalPort();
      } catch (IOException e) {
        if (attempt > 20) {
          throw e;
        }
      }
    }
  }

  private static String stripDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
