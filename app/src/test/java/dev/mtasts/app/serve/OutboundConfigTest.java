package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.app.check.Checkers;
import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.app.listen.CannotStartException;
import dev.mtasts.app.rollout.HostedRollout;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve's {@code ca_file}, {@code https_port} and {@code smtp_port}, and the monitoring's checker
 * built from them with {@code dns} and {@code allow_private_addresses}.
 */
class OutboundConfigTest {

  @TempDir Path dir;
  Path ca;

  @BeforeEach
  void writeCa() throws IOException {
    ca = Files.writeString(dir.resolve("lab-ca.pem"), LabCa.create(Clock.systemUTC()).rootPem());
  }

  private ParseResult<ServeConfig> read(String yaml) {
    return ServeConfigReader.read(yaml, dir);
  }

  private List<String> errors(String yaml) {
    return read(yaml).errors().stream().map(Problem::toString).toList();
  }

  @Test
  void withoutTheKeysTheJdkRootsAndTheStandardPorts() {
    ServeConfig c = read("data: d\n").orThrow();
    assertThat(c.outbound()).isEqualTo(ServeConfig.Outbound.DEFAULT);
    assertThat(c.outbound().httpsPort()).isEqualTo(443);
    assertThat(c.outbound().smtpPort()).isEqualTo(25);
    Checkers checks = HostedRollout.monitorCheckers(c);
    assertThat(checks.anchors().certificates())
        .hasSameSizeAs(TrustAnchors.jdkDefault().certificates());
    assertThat(checks.allowPrivateAddresses()).isFalse();
    assertThat(checks.dns()).isEmpty();
  }

  @Test
  void theKeysReachTheMonitoringChecker() {
    ServeConfig c =
        read("""
                dns: 127.0.0.1:5353
                ca_file: lab-ca.pem
                https_port: 8443
                smtp_port: 2525
                allow_private_addresses: true
                """)
            .orThrow();
    assertThat(c.outbound())
        .isEqualTo(new ServeConfig.Outbound(Optional.of(dir.resolve("lab-ca.pem")), 8443, 2525));
    Checkers checks = HostedRollout.monitorCheckers(c);
    assertThat(checks.httpsPort()).isEqualTo(8443);
    assertThat(checks.smtpPort()).isEqualTo(2525);
    assertThat(checks.allowPrivateAddresses()).isTrue();
    assertThat(checks.dns()).contains(new InetSocketAddress("127.0.0.1", 5353));
    assertThat(checks.anchors().certificates())
        .hasSize(TrustAnchors.jdkDefault().certificates().size() + 1);
  }

  @Test
  void portsOutOfRangeOrNotNumbersAreErrorsWithTheirLine() {
    assertThat(errors("https_port: 0\n")).singleElement().asString().contains("(line 1)");
    assertThat(errors("data: d\nhttps_port: 65536\n"))
        .singleElement()
        .asString()
        .contains("(line 2)");
    assertThat(errors("smtp_port: -25\n")).hasSize(1);
    assertThat(errors("smtp_port: twenty-five\n")).hasSize(1);
    assertThat(errors("smtp_port: [25]\n")).hasSize(1);
  }

  @Test
  void aCaFileThatIsMissingOrNotPemIsAnErrorNamingTheFileAndLine() throws IOException {
    assertThat(errors("data: d\nca_file: none.pem\n"))
        .singleElement()
        .asString()
        .startsWith("SERVE_CONFIG_VALUE (line 2)")
        .contains("none.pem");
    Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
    assertThat(errors("ca_file: junk.pem\n")).singleElement().asString().contains("junk.pem");
    Files.writeString(dir.resolve("empty.pem"), "");
    assertThat(errors("ca_file: empty.pem\n")).hasSize(1);
    assertThat(errors("ca_file: [a.pem]\n")).hasSize(1);
  }

  @Test
  void aCaFileGoneAfterReadingStopsTheStartWithItsName() throws IOException {
    ServeConfig c = read("ca_file: lab-ca.pem\n").orThrow();
    Files.delete(ca);
    assertThatThrownBy(() -> HostedRollout.monitorCheckers(c))
        .isInstanceOf(CannotStartException.class)
        .hasMessageStartingWith("ca_file ")
        .hasMessageContaining("lab-ca.pem");
  }
}
