package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.socketmap.Endpoint;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResolverConfigReaderTest {

  private static ResolverConfig ok(String yaml) {
    ParseResult<ResolverConfig> r = ResolverConfigReader.read(yaml, 2);
    assertThat(r.errors()).isEmpty();
    return r.orThrow();
  }

  private static Problem firstError(String yaml) {
    ParseResult<ResolverConfig> r = ResolverConfigReader.read(yaml, 2);
    assertThat(r.isOk()).as("should be rejected").isFalse();
    return r.errors().getFirst();
  }

  private static String example(String name) throws IOException {
    try (InputStream in =
        ResolverConfigReaderTest.class.getResourceAsStream("/resolver/incumbent/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void emptyFileGivesTheIncumbentsDefaults() {
    ResolverConfig c = ok("");
    assertThat(c.endpoint())
        .isEqualTo(
            new Endpoint.Tcp(java.net.InetSocketAddress.createUnresolved("127.0.0.1", 8461), true));
    assertThat(c.cacheGrace()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.proactive()).isEqualTo(ProactiveFetching.DEFAULT);
    assertThat(c.cache()).isEqualTo(new CacheSettings.Internal(10000));
    assertThat(c.defaultZone())
        .isEqualTo(new ZoneSettings(false, Duration.ofSeconds(4), true, false));
    assertThat(c.zones()).isEmpty();
    assertThat(c.metricsListen()).isEmpty();
    assertThat(c.idleTimeout()).isEqualTo(ResolverConfigReader.DEFAULT_IDLE_TIMEOUT);
  }

  @Test
  void debianInternalExample() throws IOException {
    ResolverConfig c = ok(example("mta-sts-daemon.yml.internal"));
    assertThat(c.cache()).isEqualTo(new CacheSettings.Internal(10000));
    assertThat(c.zones()).containsKey("myzone");
    assertThat(c.zone("myzone").timeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.zone("other")).isSameAs(c.defaultZone());
  }

  @Test
  void debianSqliteExampleUsesCpuCountForThreads() throws IOException {
    ResolverConfig c = ok(example("mta-sts-daemon.yml.sqlite"));
    assertThat(c.cache())
        .isEqualTo(new CacheSettings.Sqlite("/var/lib/mta-sts/cache.db", 2, Duration.ofSeconds(5)));
  }

  @Test
  void debianRedisExample() throws IOException {
    ResolverConfig c = ok(example("mta-sts-daemon.yml.redis"));
    assertThat(c.cache())
        .isEqualTo(
            new CacheSettings.Redis(
                "redis://127.0.0.1/0",
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                OptionalInt.of(25)));
  }

  @Test
  void debianUnixSocketExampleReadsModeAsOctal() throws IOException {
    ResolverConfig c = ok(example("mta-sts-daemon.yml.sqlite_unixsock"));
    assertThat(c.endpoint())
        .isEqualTo(
            new Endpoint.Unix(
                Path.of("/var/run/mta-sts.sock"), OptionalInt.of(0666), Optional.empty()));
  }

  @ParameterizedTest(name = "mode {0} = {1}")
  @CsvSource({"0666, 438", "0o660, 432", "438, 438", "0, 0", "'\"0600\"', 384"})
  void modeForms(String written, int expected) {
    ResolverConfig c = ok("path: /run/x.sock\nmode: " + written + "\n");
    assertThat(((Endpoint.Unix) c.endpoint()).mode()).hasValue(expected);
  }

  @Test
  void pathWinsOverHostAndPortAndTakesOwner() {
    ResolverConfig c =
        ok("host: 0.0.0.0\nport: 1\npath: /run/m.sock\nsocket_owner: postfix:postfix\n");
    assertThat(c.endpoint())
        .isEqualTo(
            new Endpoint.Unix(
                Path.of("/run/m.sock"), OptionalInt.empty(), Optional.of("postfix:postfix")));
  }

  @Test
  void everyKeyOfTheManPageExample() {
    ResolverConfig c =
        ok(
            """
            host: 127.0.0.2
            port: 18461
            reuse_port: false
            shutdown_timeout: 2.5
            cache_grace: 30
            proactive_policy_fetching:
              enabled: true
              interval: 3600
              concurrency_limit: 10
              grace_ratio: 4
            cache:
              type: postgres
              options:
                dsn: postgres://mtasts@127.0.0.1/mtasts
                timeout: 3
            default_zone:
              strict_testing: yes
              timeout: 8
              require_sni: off
              tlsrpt: true
            zones:
              strict:
                strict_testing: true
              empty:
            metrics:
              listen: 127.0.0.1:9999
            idle_timeout: 30
            """);
    assertThat(c.endpoint())
        .isEqualTo(
            new Endpoint.Tcp(
                java.net.InetSocketAddress.createUnresolved("127.0.0.2", 18461), false));
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.cacheGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.proactive()).isEqualTo(new ProactiveFetching(true, Duration.ofHours(1), 10, 4.0));
    assertThat(c.cache())
        .isEqualTo(
            new CacheSettings.Postgres(
                "postgres://mtasts@127.0.0.1/mtasts", Duration.ofSeconds(3)));
    assertThat(c.defaultZone())
        .isEqualTo(new ZoneSettings(true, Duration.ofSeconds(8), false, true));
    // As in the incumbent, a zone's missing keys take the global defaults, not default_zone's.
    assertThat(c.zone("strict"))
        .isEqualTo(new ZoneSettings(true, Duration.ofSeconds(4), true, false));
    assertThat(c.zone("empty")).isEqualTo(ZoneSettings.DEFAULT);
    assertThat(c.metricsListen()).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(9999));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void unknownIncumbentKeysWarnWithLineAndStillLoad() {
    ParseResult<ResolverConfig> r =
        ResolverConfigReader.read("port: 8461\nprot: 1\ndefault_zone:\n  strict_testin: true\n", 2);
    assertThat(r.isOk()).isTrue();
    assertThat(r.warnings())
        .extracting(Problem::code, Problem::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("RESOLVER_CONFIG_UNKNOWN_KEY", 2),
            org.assertj.core.groups.Tuple.tuple("RESOLVER_CONFIG_UNKNOWN_KEY", 4));
    assertThat(r.warnings().get(1).message()).contains("default_zone.strict_testin");
  }

  @Test
  void redisLibraryOptionsWeDoNotUseAreWarnings() {
    ParseResult<ResolverConfig> r =
        ResolverConfigReader.read(
            "cache:\n  type: redis\n  options:\n    url: redis://127.0.0.1\n    health_check_interval: 3\n",
            2);
    assertThat(r.isOk()).isTrue();
    assertThat(r.warnings()).extracting(Problem::line).containsExactly(5);
  }

  @Test
  void tlsrptReportingIsOurSectionWithStrictKeys() {
    ParseResult<ResolverConfig> r =
        ResolverConfigReader.read("tlsrpt_reporting:\n  enabled: true\n", 2);
    assertThat(r.errors())
        .extracting(Problem::code)
        .contains("RESOLVER_CONFIG_UNKNOWN_KEY", "RESOLVER_CONFIG_MISSING");
  }

  @Test
  void ourFetchAndDaneKeys() {
    ResolverConfig c =
        ResolverConfigReader.read(
                "mtasts:\n  ca_file: /lab/ca.pem\n  dns: [127.0.0.1:5353, '::1']\n"
                    + "  https_port: 8443\n  dnssec: trust_ad\ndane:\n  mode: defer\n",
                2)
            .orThrow();
    assertThat(c.fetch().caFile()).contains(java.nio.file.Path.of("/lab/ca.pem"));
    assertThat(c.fetch().dns())
        .extracting(java.net.InetSocketAddress::getPort)
        .containsExactly(5353, 53);
    assertThat(c.fetch().httpsPort()).isEqualTo(8443);
    assertThat(c.fetch().dnssec()).isEqualTo(dev.mtasts.core.dns.DnssecMode.TRUST_AD);
    assertThat(c.dane()).isEqualTo(DaneMode.DEFER);
    assertThat(c.fetch().allowPrivateAddresses()).isFalse();
  }

  @Test
  void privateAddressesAreAllowedOnlyWhenSaid() {
    assertThat(
            ResolverConfigReader.read("mtasts:\n  allow_private_addresses: true\n", 2)
                .orThrow()
                .fetch()
                .allowPrivateAddresses())
        .isTrue();
    assertThat(
            ResolverConfigReader.read("mtasts:\n  allow_private_addresses: false\n", 2)
                .orThrow()
                .fetch()
                .allowPrivateAddresses())
        .isFalse();
    assertThat(ResolverConfigReader.read("", 2).orThrow().fetch().allowPrivateAddresses())
        .isFalse();
  }

  @Test
  void ourKeysDefaultToTheIncumbentsBehaviourWithDaneOnly() {
    ResolverConfig c = ResolverConfigReader.read("", 2).orThrow();
    assertThat(c.fetch()).isEqualTo(FetchOptions.DEFAULT);
    assertThat(c.dane()).isEqualTo(DaneMode.DANE_ONLY);
    assertThat(c.limits()).isEqualTo(new ResolverConfig.Limits(1024, 256));
  }

  @Test
  void daneWithoutDnssecIsWarnedAboutOnlyWhenTheFileAsksForDane() {
    // The default file (DANE's default mode, DNSSEC off) starts without a warning.
    assertThat(ResolverConfigReader.read("", 2).warnings()).isEmpty();
    assertThat(ResolverConfigReader.read("host: 127.0.0.1\n", 2).warnings()).isEmpty();
    for (String mode : List.of("dane-only", "defer")) {
      ParseResult<ResolverConfig> r =
          ResolverConfigReader.read("port: 8461\ndane:\n  mode: " + mode + "\n", 2);
      assertThat(r.warnings()).as(mode).hasSize(1);
      Problem w = r.warnings().getFirst();
      assertThat(w.code()).isEqualTo("RESOLVER_CONFIG_DANE_WITHOUT_DNSSEC");
      assertThat(w.line()).isEqualTo(3);
      assertThat(w.message()).contains("dane.mode is " + mode, "mtasts.dnssec is off");
    }
    assertThat(ResolverConfigReader.read("dane:\n  mode: ignore\n", 2).warnings()).isEmpty();
    assertThat(
            ResolverConfigReader.read("mtasts:\n  dnssec: trust_ad\ndane:\n  mode: dane-only\n", 2)
                .warnings())
        .isEmpty();
  }

  @Test
  void ourLimitKeys() {
    ResolverConfig c =
        ResolverConfigReader.read("mtasts:\n  max_connections: 50\n  max_lookups: 8\n", 2)
            .orThrow();
    assertThat(c.limits()).isEqualTo(new ResolverConfig.Limits(50, 8));
  }

  @ParameterizedTest(name = "bad ours: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mtasts: {dns: mail.example.com}|DNS_SERVER_NOT_IP",
        "mtasts: {dns: '127.0.0.1:99999'}|DNS_SERVER_PORT",
        "mtasts: {https_port: 0}|RESOLVER_CONFIG_VALUE",
        "mtasts: {max_connections: 0}|RESOLVER_CONFIG_VALUE",
        "mtasts: {max_lookups: -1}|RESOLVER_CONFIG_VALUE",
        "mtasts: {max_lookups: many}|RESOLVER_CONFIG_TYPE",
        "mtasts: {dnssec: maybe}|RESOLVER_CONFIG_VALUE",
        "mtasts: {cafile: x}|RESOLVER_CONFIG_UNKNOWN_KEY",
        "mtasts: {allow_private_addresses: sometimes}|RESOLVER_CONFIG_TYPE",
        "dane: {mode: dane}|RESOLVER_CONFIG_VALUE",
        "dane: {enabled: true}|RESOLVER_CONFIG_UNKNOWN_KEY",
      })
  void badOwnKeys(String yaml, String code) {
    ParseResult<ResolverConfig> r = ResolverConfigReader.read(yaml + "\n", 2);
    assertThat(r.errors()).extracting(Problem::code).contains(code);
  }

  @ParameterizedTest(name = "bad: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'cache:\\n  type: internal\\n  options:\\n    size: 5'|RESOLVER_CONFIG_UNKNOWN_KEY|4",
        "'cache:\\n  type: sqlite\\n  options:\\n    filename: /x\\n    pool: 2'|RESOLVER_CONFIG_UNKNOWN_KEY|5",
        "'cache:\\n  type: sqlite'|RESOLVER_CONFIG_MISSING|2",
        "'cache:\\n  type: redis\\n  options: {}'|RESOLVER_CONFIG_MISSING|2",
        "'cache:\\n  type: memcached'|RESOLVER_CONFIG_UNSUPPORTED|2",
        "'cache:\\n  type: redis_sentinel'|RESOLVER_CONFIG_UNSUPPORTED|2",
        "'port: eighty'|RESOLVER_CONFIG_TYPE|1",
        "'port: 70000'|RESOLVER_CONFIG_VALUE|1",
        "'port: \"8461\"'|RESOLVER_CONFIG_TYPE|1",
        "'reuse_port: maybe'|RESOLVER_CONFIG_TYPE|1",
        "'cache_grace: -1'|RESOLVER_CONFIG_VALUE|1",
        "'shutdown_timeout: [1]'|RESOLVER_CONFIG_TYPE|1",
        "'default_zone: 5'|RESOLVER_CONFIG_TYPE|1",
        "'path: /x\\nmode: rw'|RESOLVER_CONFIG_VALUE|2",
        "'path: /x\\nmode: 0999'|RESOLVER_CONFIG_VALUE|2",
        "'proactive_policy_fetching:\\n  grace_ratio: 0'|RESOLVER_CONFIG_VALUE|2",
        "'proactive_policy_fetching:\\n  concurrency_limit: 0'|RESOLVER_CONFIG_VALUE|2",
        "'metrics:\\n  listen: nowhere'|RESOLVER_CONFIG_VALUE|2",
        "'metrics:\\n  port: 1'|RESOLVER_CONFIG_UNKNOWN_KEY|2",
        "'- a\\n- b'|RESOLVER_CONFIG_TYPE|1",
        "'host: [unclosed'|RESOLVER_CONFIG_YAML|1"
      })
  void bad(String yaml, String code, int line) {
    Problem p = firstError(yaml.replace("\\n", "\n"));
    assertThat(p.code()).isEqualTo(code);
    assertThat(p.line()).isEqualTo(line);
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "True", "yes", "on", "ON"})
  void yaml11TrueForms(String word) {
    assertThat(ok("default_zone:\n  strict_testing: " + word + "\n").defaultZone().strictTesting())
        .isTrue();
  }
}
