package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.dnsupdate.DnsUpdateSettings;
import dev.mtasts.app.dnsupdate.RecordPublishing;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy_host.domains.D.tlsrpt_rua} and {@code .dns_update} in the serve config. */
class RecordPublishingConfigTest {

  @TempDir Path dir;

  @BeforeEach
  void secret() throws IOException {
    Files.writeString(dir.resolve("tsig.key"), "c2VjcmV0\n");
  }

  private ParseResult<ServeConfig> read(String extra) {
    return ServeConfigReader.read(
        "policy_host:\n  listen: 127.0.0.1:8443\n  domains:\n    example.org:\n"
            + "      mx: [mx1.example.org]\n      certificate: {cert: a.pem, key: a.key}\n"
            + extra,
        dir);
  }

  private RecordPublishing publishing(String extra) {
    return read(extra).orThrow().policyHost().orElseThrow().domains().getFirst().publishing();
  }

  private List<String> errors(String extra) {
    return read(extra).errors().stream().map(Problem::message).toList();
  }

  @Test
  void withoutTheKeysNothingIsPublishedByUpdate() {
    assertThat(publishing("")).isEqualTo(RecordPublishing.NONE);
  }

  @Test
  void dnsUpdateAndRuaAreRead() {
    RecordPublishing p =
        publishing(
            "      tlsrpt_rua: [mailto:tlsrpt@example.org, https://r.example.org/v1/tlsrpt]\n"
                + "      dns_update:\n        server: 127.0.0.1:5353\n        ttl: 300\n"
                + "        tsig: {name: mtasts-update, algorithm: hmac-sha512,"
                + " secret_file: tsig.key}\n");
    assertThat(p.tlsRpt().orElseThrow().toString())
        .isEqualTo("v=TLSRPTv1; rua=mailto:tlsrpt@example.org,https://r.example.org/v1/tlsrpt");
    DnsUpdateSettings u = p.dnsUpdate().orElseThrow();
    assertThat(u.server()).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
    assertThat(u.zone()).isEqualTo("example.org");
    assertThat(u.ttl()).isEqualTo(300);
    assertThat(u.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(u.key().algorithm()).isEqualTo("hmac-sha512");
    assertThat(u.key().secret()).isEqualTo("c2VjcmV0");
  }

  @Test
  void zoneMayBeAParent() {
    assertThat(
            publishing(
                    "      dns_update: {server: 127.0.0.1, zone: org,"
                        + " tsig: {name: k, secret_file: tsig.key}}\n")
                .dnsUpdate()
                .orElseThrow()
                .zone())
        .isEqualTo("org");
  }

  @Test
  void unsignedUpdatesAreRefused() {
    assertThat(errors("      dns_update: {server: 127.0.0.1}\n"))
        .singleElement()
        .asString()
        .contains("tsig needs name and secret_file");
  }

  @Test
  void badValuesAreNamed() {
    assertThat(
            errors(
                "      dns_update: {server: 'not a server', tsig: {name: k, secret_file: tsig.key}}\n"))
        .singleElement()
        .asString()
        .contains("dns_update.server");
    assertThat(
            errors(
                "      dns_update: {server: 127.0.0.1, tsig: {name: k, secret_file: absent.key}}\n"))
        .singleElement()
        .asString()
        .contains("absent.key");
    assertThat(
            errors(
                "      dns_update: {server: 127.0.0.1, tsig: {name: k, algorithm: hmac-md5,"
                    + " secret_file: tsig.key}}\n"))
        .singleElement()
        .asString()
        .contains("algorithm");
    assertThat(errors("      tlsrpt_rua: [ftp://example.org]\n"))
        .singleElement()
        .asString()
        .contains("tlsrpt_rua");
    assertThat(errors("      tlsrpt_rua: mailto:a@example.org\n"))
        .singleElement()
        .asString()
        .contains("must be a list");
  }

  @Test
  void unknownKeysAreErrors() {
    assertThat(
            errors(
                "      dns_update: {server: 127.0.0.1, port: 53,"
                    + " tsig: {name: k, secret_file: tsig.key, secret: x}}\n"))
        .containsExactlyInAnyOrder(
            "unknown key 'policy_host.domains.example.org.dns_update.port'",
            "unknown key 'policy_host.domains.example.org.dns_update.tsig.secret'");
  }
}
