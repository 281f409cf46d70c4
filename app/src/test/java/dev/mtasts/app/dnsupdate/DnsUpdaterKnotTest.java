package dev.mtasts.app.dnsupdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.DnsjavaResolver;
import dev.mtasts.core.publish.Publication;
import dev.mtasts.core.testing.KnotServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic updates (RFC 2136) signed with TSIG (RFC 8945) against a real Knot DNS on loopback whose
 * zone accepts updates signed with one key: the records change as asked, and a wrong secret, an
 * unknown key, a name outside the zone and a server that is not there change nothing.
 */
class DnsUpdaterKnotTest {

  static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";
  static final String ZONE =
      """
      $ORIGIN example.test.
      $TTL 300
      @ SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300
      @ NS ns.example.test.
      ns A 127.0.0.1
      _mta-sts TXT "v=STSv1; id=old1;"
      _mta-sts TXT "v=STSv1; id=old2;"
      _smtp._tls TXT "v=TLSRPTv1; rua=mailto:old@example.test"
      """;

  @TempDir static Path dir;
  static KnotServer knot;
  static DnsjavaResolver dns;

  @BeforeAll
  static void start() throws IOException {
    KnotServer.assumeAvailable();
    knot =
        KnotServer.serveUpdatable(
            "example.test", ZONE, new KnotServer.UpdateKey("mtasts-update", "hmac-sha256", SECRET));
    dns =
        new DnsjavaResolver(
            DnsOptions.defaults().withServer(knot.address()).withTimeout(Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stop() throws IOException {
    if (knot != null) {
      knot.close();
    }
  }

  static TsigKey key(String name, String secret) throws IOException {
    Path file = Files.createTempFile(dir, "tsig", ".key");
    Files.writeString(file, secret + "\n");
    return ((ParseResult.Ok<TsigKey>) TsigKey.load(name, "hmac-sha256", file)).value();
  }

  static DnsUpdater updater(InetSocketAddress server, TsigKey key) {
    return new DnsUpdater(
        new DnsUpdateSettings(server, "example.test", 60, key, Duration.ofSeconds(3)));
  }

  static Publication.DnsRecord txt(String name, String value) {
    return new Publication.DnsRecord(name, 60, "TXT", value);
  }

  @Test
  void replacesBothRecordsInOneUpdateAndDeletes() throws IOException {
    DnsUpdater updater = updater(knot.address(), key("mtasts-update", SECRET));
    String longRua = "v=TLSRPTv1; rua=mailto:" + "r".repeat(300) + "@example.test";
    UpdateResult result =
        updater.apply(
            List.of(
                txt("_mta-sts.example.test", "v=STSv1; id=20261203120000;"),
                txt("_smtp._tls.example.test", longRua)),
            List.of());
    assertThat(result).as(result.message()).isInstanceOf(UpdateResult.Applied.class);
    assertThat(dns.txt("_mta-sts.example.test").records())
        .containsExactly("v=STSv1; id=20261203120000;");
    assertThat(dns.txt("_smtp._tls.example.test").records()).containsExactly(longRua);

    assertThat(updater.apply(List.of(), List.of("_smtp._tls.example.test")).applied()).isTrue();
    assertThat(dns.txt("_smtp._tls.example.test").status()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(dns.txt("_mta-sts.example.test").records())
        .containsExactly("v=STSv1; id=20261203120000;");
  }

  @Test
  void wrongSecretIsRefusedAndChangesNothing() throws IOException {
    List<String> before = dns.txt("_mta-sts.example.test").records();
    UpdateResult result =
        updater(knot.address(), key("mtasts-update", "d3Jvbmctd3Jvbmctd3Jvbmc="))
            .apply(List.of(txt("_mta-sts.example.test", "v=STSv1; id=evil;")), List.of());
    assertThat(result).isInstanceOf(UpdateResult.Refused.class);
    assertThat(result.message()).contains("NOTAUTH");
    assertThat(dns.txt("_mta-sts.example.test").records()).isEqualTo(before);
  }

  @Test
  void unknownKeyIsRefused() throws IOException {
    UpdateResult result =
        updater(knot.address(), key("someone-else", SECRET))
            .apply(List.of(txt("_mta-sts.example.test", "v=STSv1; id=evil;")), List.of());
    assertThat(result).isInstanceOf(UpdateResult.Refused.class);
    assertThat(dns.txt("_mta-sts.example.test").records()).doesNotContain("v=STSv1; id=evil;");
  }

  @Test
  void nameOutsideTheZoneIsNotSent() throws IOException {
    DnsUpdater updater = updater(knot.address(), key("mtasts-update", SECRET));
    assertThatThrownBy(
            () -> updater.apply(List.of(txt("_mta-sts.other.test", "v=STSv1; id=1;")), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the zone");
    assertThatThrownBy(
            () ->
                updater.apply(
                    List.of(new Publication.DnsRecord("mta-sts.example.test", 60, "CNAME", "x.")),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absentServerFails() throws IOException {
    InetSocketAddress nobody;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }
    UpdateResult result =
        updater(nobody, key("mtasts-update", SECRET))
            .apply(List.of(txt("_mta-sts.example.test", "v=STSv1; id=1;")), List.of());
    assertThat(result).isInstanceOf(UpdateResult.Failed.class);
    assertThat(result.message()).contains("no answer");
  }
}
