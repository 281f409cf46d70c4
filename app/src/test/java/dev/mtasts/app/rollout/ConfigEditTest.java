package dev.mtasts.app.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigEditTest {

  static final String CONFIG =
      """
      # serve config
      data: ./data
      policy_host:
        listen: 127.0.0.1:8443
        domains:
          example.net:
            mode: testing
            mx: [mx.example.net]
          "Example.ORG":   # the main one
            mode: testing      # first testing, RFC 8461 §5
            mx: [mx1.example.org]

            certificate: {cert: a.pem, key: a.key}
      reports:
        domains: [example.org]
      """;

  static String edit(String yaml, String domain, Map<String, String> values) {
    return ((ParseResult.Ok<String>) ConfigEdit.setDomainValues(yaml, domain, values)).value();
  }

  @Test
  void replacesOnlyThatDomainsValueAndKeepsItsComment() {
    String after = edit(CONFIG, "example.org", Map.of("mode", "enforce"));
    assertThat(after)
        .isEqualTo(
            CONFIG.replace(
                "    mode: testing      # first testing", "    mode: enforce # first testing"));
    assertThat(after).contains("  example.net:\n      mode: testing\n");
  }

  @Test
  void addsAMissingKeyAsTheFirstOfTheDomain() {
    String after = edit(CONFIG, "example.net", Map.of("mode", "none", "max_age", "86400"));
    assertThat(after)
        .contains(
            "  example.net:\n      max_age: 86400\n      mode: none\n      mx: [mx.example.net]\n");
    assertThat(after).contains("mode: testing      # first testing");
  }

  @Test
  void unknownDomainAndMissingSectionAreRefused() {
    assertThat(ConfigEdit.setDomainValues(CONFIG, "other.org", Map.of("mode", "enforce")).errors())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("has no other.org"));
    assertThat(
            ConfigEdit.setDomainValues("data: x\n", "example.org", Map.of("mode", "enforce"))
                .errors())
        .isNotEmpty();
  }

  @Test
  void flowStyleIsRefusedWithItsLine() {
    String flow =
        "policy_host:\n  domains:\n    example.org: {mode: testing, mx: [mx.example.org]}\n";
    assertThat(ConfigEdit.setDomainValues(flow, "example.org", Map.of("mode", "enforce")).errors())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("flow style on line 3"));
  }

  @Test
  void aKeyOfADeeperMappingIsNotTaken() {
    String nested =
        "policy_host:\n  domains:\n    example.org:\n      acme: {mode: x}\n      dns_update:\n"
            + "        mode: deep\n";
    String after = edit(nested, "example.org", Map.of("mode", "enforce"));
    assertThat(after)
        .contains("        mode: deep\n")
        .contains("    example.org:\n      mode: enforce\n");
  }

  @Test
  void writeReplacesTheFileKeepingItsPermissions(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("serve.yml");
    Files.writeString(file, CONFIG);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    ConfigEdit.write(file, "new\n");
    assertThat(Files.readString(file)).isEqualTo("new\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }
}
