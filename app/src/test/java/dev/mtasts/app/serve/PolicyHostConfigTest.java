package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code policy_host:} in the serve config (docs/configuration.md). */
class PolicyHostConfigTest {

  private static final String PEM = "certificate: {cert: a.pem, key: a.key}";

  private static ParseResult<ServeConfig> read(String domains) {
    return ServeConfigReader.read(
        "policy_host:\n  listen: 127.0.0.1:8443\n  domains:\n" + domains, Path.of("/etc/mtasts"));
  }

  private static List<String> codes(String domains) {
    return read(domains).errors().stream().map(Problem::code).toList();
  }

  @Test
  void aDomainWithPemFilesIsRead() {
    ServeConfig c =
        read("    Example.ORG:\n      mode: enforce\n      mx: [mx1.example.org, \"*.mail.example.org\"]\n"
                + "      max_age: 1209600\n      "
                + PEM
                + "\n")
            .orThrow();
    PolicyHostConfig p = c.policyHost().orElseThrow();
    assertThat(p.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8443));
    HostedDomain d = p.domain("example.org").orElseThrow();
    assertThat(d.policy().mode()).isEqualTo(Mode.ENFORCE);
    assertThat(d.policy().mx())
        .containsExactly(new MxPattern("mx1.example.org"), new MxPattern("*.mail.example.org"));
    assertThat(d.policy().maxAge()).isEqualTo(1_209_600);
    assertThat(d.certificate())
        .isEqualTo(
            new CertificateSource.PemFiles(
                Path.of("/etc/mtasts/a.pem"), Path.of("/etc/mtasts/a.key")));
    assertThat(d.policyHost()).isEqualTo("mta-sts.example.org");
  }

  @Test
  void modeAndMaxAgeDefaultToTestingAndADay() {
    HostedDomain d =
        read("    example.org: {mx: [mx.example.org], " + PEM + "}\n")
            .orThrow()
            .policyHost()
            .orElseThrow()
            .domains()
            .getFirst();
    assertThat(d.policy().mode()).isEqualTo(Mode.TESTING);
    assertThat(d.policy().maxAge()).isEqualTo(86_400);
  }

  @Test
  void enforceDefaultsToAWeek() {
    HostedDomain d =
        read("    example.org: {mode: enforce, mx: [mx.example.org], " + PEM + "}\n")
            .orThrow()
            .policyHost()
            .orElseThrow()
            .domains()
            .getFirst();
    assertThat(d.policy().maxAge()).isEqualTo(604_800);
  }

  @Test
  void theListenDefaultsToPort443() {
    ServeConfig c =
        ServeConfigReader.read(
                "policy_host:\n  domains:\n    example.org: {mx: [mx.example.org], " + PEM + "}\n",
                Path.of("/etc"))
            .orThrow();
    assertThat(c.policyHost().orElseThrow().listen())
        .isEqualTo(new InetSocketAddress("0.0.0.0", 443));
  }

  @Test
  void anAcmeBlockIsRead() {
    HostedDomain d =
        read("    example.org:\n      mx: [mx.example.org]\n      acme: {directory:"
                + " https://127.0.0.1:14000/dir, email: hostmaster@example.org, ca_file:"
                + " pebble.pem}\n")
            .orThrow()
            .policyHost()
            .orElseThrow()
            .domains()
            .getFirst();
    assertThat(d.certificate())
        .isEqualTo(
            new CertificateSource.Acme(
                URI.create("https://127.0.0.1:14000/dir"),
                Optional.of("hostmaster@example.org"),
                Optional.of(Path.of("/etc/mtasts/pebble.pem"))));
  }

  @Test
  void modeNoneNeedsNoMx() {
    assertThat(read("    example.org: {mode: none, " + PEM + "}\n").errors()).isEmpty();
  }

  @Test
  void withoutPolicyHostThereIsNone() {
    assertThat(ServeConfigReader.read("data: d\n", Path.of("/")).orThrow().policyHost()).isEmpty();
  }

  // --- refused ---

  @Test
  void aMissingMxIsRefusedInTestingAndEnforce() {
    assertThat(codes("    example.org: {" + PEM + "}\n")).containsExactly("SERVE_CONFIG_MISSING");
    assertThat(codes("    example.org: {mode: enforce, mx: [], " + PEM + "}\n"))
        .containsExactly("SERVE_CONFIG_MISSING");
  }

  @Test
  void aBadMxPatternIsRefusedWithItsLine() {
    ParseResult<ServeConfig> r =
        read(
            "    example.org:\n      mx:\n        - mx.example.org\n        - \"mx..bad\"\n      "
                + PEM
                + "\n");
    assertThat(r.errors()).extracting(Problem::code).containsExactly("SERVE_CONFIG_VALUE");
    assertThat(r.errors().getFirst().line()).isEqualTo(7);
  }

  @Test
  void anUnknownModeIsRefused() {
    assertThat(codes("    example.org: {mode: enforcing, mx: [mx.example.org], " + PEM + "}\n"))
        .containsExactly("SERVE_CONFIG_VALUE");
  }

  @Test
  void aMaxAgeAboveAYearIsRefused() {
    assertThat(codes("    example.org: {max_age: 31557601, mx: [mx.example.org], " + PEM + "}\n"))
        .containsExactly("SERVE_CONFIG_VALUE");
  }

  @Test
  void aNameThatIsNotADomainIsRefused() {
    assertThat(codes("    \"exa mple.org\": {mx: [mx.example.org], " + PEM + "}\n"))
        .containsExactly("SERVE_CONFIG_VALUE");
  }

  @Test
  void theSameDomainTwiceIsRefused() {
    assertThat(
            codes(
                "    example.org: {mx: [mx.example.org], "
                    + PEM
                    + "}\n    EXAMPLE.org.: {mx: [mx.example.org], "
                    + PEM
                    + "}\n"))
        .containsExactly("SERVE_CONFIG_VALUE");
  }

  @Test
  void neitherOrBothCertificateSourcesAreRefused() {
    assertThat(codes("    example.org: {mx: [mx.example.org]}\n"))
        .containsExactly("SERVE_CONFIG_MISSING");
    assertThat(
            codes(
                "    example.org: {mx: [mx.example.org], "
                    + PEM
                    + ", acme: {directory: https://127.0.0.1:14000/dir}}\n"))
        .containsExactly("SERVE_CONFIG_MISSING");
  }

  @Test
  void aCertificateWithoutKeyIsRefused() {
    assertThat(codes("    example.org: {mx: [mx.example.org], certificate: {cert: a.pem}}\n"))
        .containsExactly("SERVE_CONFIG_MISSING");
  }

  @Test
  void anAcmeDirectoryThatIsNotHttpsIsRefused() {
    assertThat(
            codes(
                "    example.org: {mx: [mx.example.org], acme: {directory:"
                    + " http://127.0.0.1:14000/dir}}\n"))
        .containsExactly("SERVE_CONFIG_VALUE");
    assertThat(codes("    example.org: {mx: [mx.example.org], acme: {email: a@example.org}}\n"))
        .containsExactly("SERVE_CONFIG_VALUE");
  }

  @Test
  void unknownKeysAreRefusedWithTheirPath() {
    ParseResult<ServeConfig> r =
        read("    example.org: {mx: [mx.example.org], rua: x, " + PEM + "}\n");
    assertThat(r.errors()).extracting(Problem::code).containsExactly("SERVE_CONFIG_UNKNOWN_KEY");
    assertThat(r.errors().getFirst().message()).contains("policy_host.domains.example.org.rua");
  }

  @Test
  void theListenMustDifferFromTheOtherListeners() {
    ParseResult<ServeConfig> r =
        ServeConfigReader.read(
            "http: {listen: 127.0.0.1:8443}\npolicy_host:\n  listen: 127.0.0.1:8443\n  domains:\n"
                + "    example.org: {mx: [mx.example.org], "
                + PEM
                + "}\n",
            Path.of("/etc"));
    assertThat(r.errors()).extracting(Problem::code).containsExactly("SERVE_CONFIG_VALUE");
  }
}
