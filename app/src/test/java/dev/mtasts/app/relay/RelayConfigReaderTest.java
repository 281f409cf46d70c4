package dev.mtasts.app.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import dev.mtasts.core.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A relay's keys: the defaults they stand for, and every way to get them wrong. */
class RelayConfigReaderTest {

  private static final String KEY = "tlsrpt_reporting.smtp";
  private static final Path BASE = Path.of("/etc/mtasts");

  private final List<Problem> errors = new ArrayList<>();

  private Optional<RelayConfig> read(String yaml, Optional<String> defaultRelay) {
    return RelayConfigReader.read(
        new YamlFields("SERVE_CONFIG", "", BASE, errors),
        "SERVE_CONFIG",
        (YamlTree.Mapping) YamlTree.read(yaml),
        KEY,
        defaultRelay);
  }

  private RelayConfig read(String yaml) {
    Optional<RelayConfig> config = read(yaml, Optional.of("127.0.0.1:25"));
    assertThat(errors).isEmpty();
    return config.orElseThrow();
  }

  private List<String> errors(String yaml) {
    assertThat(read(yaml, Optional.of("127.0.0.1:25"))).isEmpty();
    return errors.stream().map(p -> p.code() + " line " + p.line() + ": " + p.message()).toList();
  }

  @Test
  void withoutKeysTheLocalMtaInClearText() {
    assertThat(read("{}"))
        .isEqualTo(new RelayConfig(KEY, "127.0.0.1", 25, RelayTls.NONE, Optional.empty()));
  }

  @Test
  void aUsernameMakesStarttlsRequiredAndThePasswordFileIsRelativeToTheConfig() {
    assertThat(
            read(
                """
                relay: smtp.example.org:587
                username: reports@example.net
                password_file: relay.pass
                """))
        .isEqualTo(
            new RelayConfig(
                KEY,
                "smtp.example.org",
                587,
                RelayTls.STARTTLS,
                Optional.of(
                    new RelayConfig.Login(
                        "reports@example.net", Path.of("/etc/mtasts/relay.pass")))));
  }

  @Test
  void aRemoteRelayWithoutCredentialsGetsStarttlsWhenItOffersIt() {
    RelayConfig c = read("relay: smtp.example.org\n");
    assertThat(c.tls()).isEqualTo(RelayTls.STARTTLS_WHEN_OFFERED);
    assertThat(c.port()).isEqualTo(25);
  }

  @Test
  void implicitTlsDefaultsToPort465AndTlsIsCaseInsensitive() {
    assertThat(read("{relay: smtp.example.org, tls: implicit}").address())
        .isEqualTo("smtp.example.org:465");
    assertThat(read("{relay: smtp.example.org, tls: STARTTLS}").tls()).isEqualTo(RelayTls.STARTTLS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:25", "127.0.0.1:2525", "127.9.8.7", "\"[::1]:25\""})
  void aRelayOnLoopbackDefaultsToClearText(String relay) {
    assertThat(read("relay: " + relay + "\n").tls()).isEqualTo(RelayTls.NONE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.example.org",
        "localhost.example.org",
        "128.0.0.1",
        "127.0.0.256",
        "\"[::2]\""
      })
  void aNameOrAddressThatOnlyLooksLikeLoopbackIsNotLoopback(String relay) {
    assertThat(read("relay: " + relay + "\n").tls()).isEqualTo(RelayTls.STARTTLS_WHEN_OFFERED);
  }

  @Test
  void anIpv6RelayIsWrittenInBrackets() {
    RelayConfig c = read("{relay: \"[2001:db8::25]:587\", tls: starttls}");
    assertThat(c.host()).isEqualTo("2001:db8::25");
    assertThat(c.address()).isEqualTo("[2001:db8::25]:587");
  }

  @Test
  void aUsernameWithTlsNoneIsAnError() {
    assertThat(
            errors(
                """
                relay: smtp.example.org:587
                tls: none
                username: reports@example.net
                password_file: relay.pass
                """))
        .containsExactly(
            "SERVE_CONFIG_VALUE line 2: tlsrpt_reporting.smtp.username needs TLS: credentials are"
                + " never sent in clear text; set tlsrpt_reporting.smtp.tls to starttls or"
                + " implicit");
  }

  @Test
  void aUsernameWithoutAPasswordFileIsAnError() {
    assertThat(errors("{relay: smtp.example.org, username: reports@example.net}"))
        .containsExactly(
            "SERVE_CONFIG_MISSING line 1: tlsrpt_reporting.smtp.username and"
                + " tlsrpt_reporting.smtp.password_file go together (SMTP AUTH)");
  }

  @Test
  void aPasswordFileWithoutAUsernameIsAnError() {
    assertThat(errors("{relay: smtp.example.org, password_file: relay.pass}"))
        .singleElement()
        .asString()
        .startsWith("SERVE_CONFIG_MISSING");
  }

  @Test
  void anEmptyUsernameIsAnError() {
    assertThat(errors("{relay: smtp.example.org, username: \"\", password_file: relay.pass}"))
        .singleElement()
        .asString()
        .startsWith("SERVE_CONFIG_MISSING");
  }

  @Test
  void aPasswordInTheConfigIsRefusedAndNotRepeated() {
    List<String> errors =
        errors(
            """
            relay: smtp.example.org:587
            username: reports@example.net
            password: hunter2
            """);
    assertThat(errors)
        .contains(
            "SERVE_CONFIG_VALUE line 3: tlsrpt_reporting.smtp.password is not read: put the"
                + " password in a file and name it in tlsrpt_reporting.smtp.password_file");
    assertThat(String.join("\n", errors)).doesNotContain("hunter2");
  }

  @Test
  void anUnknownTlsModeIsAnError() {
    assertThat(errors("{relay: smtp.example.org, tls: ssl}"))
        .containsExactly(
            "SERVE_CONFIG_VALUE line 1: tlsrpt_reporting.smtp.tls must be starttls, implicit or"
                + " none");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"h:0\"",
        "\"h:65536\"",
        "\"h:x\"",
        "\"::1:25\"",
        "\"[::1\"",
        "\"[::1]x\"",
        "\":25\""
      })
  void aMalformedRelayIsAnError(String relay) {
    assertThat(errors("relay: " + relay + "\n"))
        .containsExactly(
            "SERVE_CONFIG_VALUE line 1: tlsrpt_reporting.smtp.relay must be HOST[:PORT], e.g."
                + " 127.0.0.1:25 or [::1]:25");
  }

  @Test
  void withoutADefaultTheRelayIsRequired() {
    assertThat(read("{tls: starttls}", Optional.empty())).isEmpty();
    assertThat(errors)
        .extracting(Problem::code, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "SERVE_CONFIG_MISSING",
                "tlsrpt_reporting.smtp.relay is required: HOST[:PORT], e.g."
                    + " smtp.example.org:587"));
  }

  @Test
  void credentialsOverAnythingButRequiredTlsCannotBeConfiguredAtAll() {
    RelayConfig.Login login = new RelayConfig.Login("u", Path.of("p"));
    for (RelayTls tls : List.of(RelayTls.NONE, RelayTls.STARTTLS_WHEN_OFFERED)) {
      assertThatThrownBy(() -> new RelayConfig(KEY, "h", 25, tls, Optional.of(login)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
