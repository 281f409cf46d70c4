package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeConfigReaderTest {

  private static final Path BASE = Path.of("/etc/mtasts");

  private static ParseResult<ServeConfig> read(String yaml) {
    return ServeConfigReader.read(yaml, BASE);
  }

  private static List<String> errors(String yaml) {
    return read(yaml).errors().stream().map(Problem::toString).toList();
  }

  @Test
  void configMdsExampleIsRead() {
    ParseResult<ServeConfig> r =
        read(
            """
            data: ./data
            # dns: 127.0.0.1:53
            http:
              listen: 127.0.0.1:8080
            policy_host:
              listen: 0.0.0.0:443
              domains:
                example.org:
                  mode: testing                 # testing | enforce | none
                  mx: [mx1.example.org, "*.mail.example.org"]
                  max_age: 604800
                  certificate: {cert: mta-sts.example.org.pem, key: mta-sts.example.org.key}
                  # or: acme: {directory: https://acme.example/dir, email: hostmaster@example.org,
                  #            ca_file: acme-server-root.pem}   # ca_file: trust for a private ACME server
            reports:
              domains: [example.org]
              dkim: prefer
              smtp: {listen: 127.0.0.1:2525}
            """);
    assertThat(r.errors()).isEmpty();
    ServeConfig c = r.orThrow();
    assertThat(c.data()).isEqualTo(Path.of("/etc/mtasts/data"));
    assertThat(c.http().listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
    assertThat(c.reports().domains()).containsExactly("example.org");
    assertThat(c.storeLocation())
        .isEqualTo(new StoreLocation.Sqlite(Path.of("/etc/mtasts/data/mtasts.db")));
    assertThat(r.warnings()).isEmpty();
    assertThat(c.policyHost().orElseThrow().domain("example.org").orElseThrow().policy().maxAge())
        .isEqualTo(604_800);
    assertThat(c.reports().smtp())
        .contains(
            new ServeConfig.Smtp(
                new InetSocketAddress("127.0.0.1", 2525),
                List.of(),
                ServeConfig.Smtp.DEFAULT_MAX_BYTES));
  }

  @Test
  void reportsSmtpReadsItsRecipientsAndRefusesBadOnes() {
    ServeConfig c =
        read("reports:\n  smtp:\n    listen: 127.0.0.1:0\n"
                + "    recipients: [TLSRPT@Example.org]\n    max_message_bytes: 4096\n")
            .orThrow();
    assertThat(c.reports().smtp().orElseThrow().recipients()).containsExactly("tlsrpt@example.org");
    assertThat(c.reports().smtp().orElseThrow().maxMessageBytes()).isEqualTo(4096);
    assertThat(errors("reports:\n  smtp:\n    recipients: [nobody]\n"))
        .singleElement()
        .asString()
        .startsWith("SERVE_CONFIG_TYPE (line 3)");
    assertThat(errors("reports:\n  smtp:\n    listen: 127.0.0.1:1\n    tls: yes\n"))
        .containsExactly("SERVE_CONFIG_UNKNOWN_KEY (line 4): unknown key 'reports.smtp.tls'");
    assertThat(read("").orThrow().reports().smtp()).isEmpty();
  }

  @Test
  void anEmptyFileIsTheDefaults() {
    ServeConfig c = read("").orThrow();
    assertThat(c.http().listen()).isEqualTo(ServeConfig.DEFAULT_HTTP_LISTEN);
    assertThat(c.reports().domains()).isEmpty();
    assertThat(c.reports().rawRetention()).isEqualTo(Duration.ofDays(365));
    assertThat(c.https()).isEmpty();
    assertThat(c.metricsPublic()).isFalse();
  }

  @Test
  void unknownKeysAreErrorsNamingTheKeyAndLine() {
    assertThat(errors("data: x\nlisten: 1.2.3.4:5\n"))
        .containsExactly("SERVE_CONFIG_UNKNOWN_KEY (line 2): unknown key 'listen'");
    assertThat(errors("http:\n  listen: 127.0.0.1:1\n  max_body: 3\n"))
        .containsExactly("SERVE_CONFIG_UNKNOWN_KEY (line 3): unknown key 'http.max_body'");
    assertThat(errors("reports:\n  domains: [a.example]\n\n  dkimm: off\n"))
        .containsExactly("SERVE_CONFIG_UNKNOWN_KEY (line 4): unknown key 'reports.dkimm'");
    assertThat(errors("https:\n  listen: 127.0.0.1:1\n  certificate: {cert: a, key: b, pass: c}\n"))
        .containsExactly("SERVE_CONFIG_UNKNOWN_KEY (line 3): unknown key 'https.certificate.pass'");
  }

  @Test
  void trustedProxiesAreNetworksAndNoneByDefault() {
    assertThat(errors("http:\n  trusted_proxies: [127.0.0.1/32, 10.0.0.0/8, \"::1\"]\n")).isEmpty();
    assertThat(errors("http:\n  trusted_proxies:\n    - 10.0.0.0/8\n    - 10.0.0.0/33\n"))
        .containsExactly(
            "SERVE_CONFIG_TYPE (line 4): http.trusted_proxies must list IP networks of reverse"
                + " proxies, e.g. [127.0.0.1/32, 10.0.0.0/8]");
    assertThat(errors("http:\n  trusted_proxies: proxy.example.org\n")).hasSize(1);
  }

  @Test
  void badValuesAreErrorsWithTheirLine() {
    assertThat(errors("http:\n  listen: example.org:80\n"))
        .containsExactly(
            "SERVE_CONFIG_VALUE (line 2): listen must be IP:PORT, e.g. 127.0.0.1:8080");
    assertThat(errors("http:\n  listen: '[evil.example]:80'\n")).hasSize(1);
    assertThat(errors("reports:\n  dkim: maybe\n"))
        .containsExactly(
            "SERVE_CONFIG_VALUE (line 2): reports.dkim must be require, prefer or off");
    assertThat(errors("reports:\n  domains: example.org\n")).hasSize(1);
    assertThat(errors("reports:\n  domains: [example.org, 'not a domain', -x.example]\n"))
        .hasSize(2);
    assertThat(errors("reports:\n  domains: [bücher.example, EXAMPLE.net.]\n")).isEmpty();
    assertThat(errors("database: mysql://db/x\n")).hasSize(1);
    assertThat(errors("https:\n  listen: 127.0.0.1:443\n"))
        .containsExactly(
            "SERVE_CONFIG_MISSING (line 2): https needs certificate: {cert: FULLCHAIN.pem, key:"
                + " PRIVKEY.pem}");
    assertThat(errors("http:\n  idle_timeout: soon\n")).hasSize(1);
    assertThat(errors("metrics:\n  public: yes please\n")).hasSize(1);
    assertThat(errors("- a\n- b\n")).hasSize(1);
    assertThat(errors("http: [\n")).singleElement().asString().startsWith("SERVE_CONFIG_YAML");
  }

  @Test
  void listenAddressesAreLiteralsOrLocalhost() {
    assertThat(ServeConfigReader.parseListen("[::1]:8080")).isPresent();
    assertThat(ServeConfigReader.parseListen("localhost:0")).isPresent();
    assertThat(ServeConfigReader.parseListen("0.0.0.0:443")).isPresent();
    assertThat(ServeConfigReader.parseListen("127.0.0.1")).isEmpty();
    assertThat(ServeConfigReader.parseListen("127.0.0.1:65536")).isEmpty();
    assertThat(ServeConfigReader.parseListen("mail.example:25")).isEmpty();
  }

  @Test
  void postgresqlIsNamedByItsJdbcUrl() {
    ServeConfig c =
        read("database: jdbc:postgresql://127.0.0.1:5432/mtasts?user=mtasts\n").orThrow();
    assertThat(c.storeLocation()).isInstanceOf(StoreLocation.Postgres.class);
    assertThat(c.storeLocation().toString()).doesNotContain("user=");
  }
}
