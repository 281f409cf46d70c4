package dev.mtasts.app.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scenario table is docs/lab.md's table, with each domain one knob away from healthy. */
class ScenariosTest {

  @Test
  void theTableOfDocsLabMdIsTheScenariosInOrder() throws IOException {
    Map<String, Optional<String>> documented = documentedScenarios();

    assertThat(documented).hasSizeGreaterThanOrEqualTo(25);
    assertThat(Scenarios.all())
        .extracting(Scenario::domain)
        .containsExactlyElementsOf(documented.keySet());
    documented.forEach(
        (domain, code) ->
            assertThat(Scenarios.find(domain).orElseThrow().expectedCode())
                .as(domain)
                .isEqualTo(code));
  }

  /** The rows of the scenario table in docs/lab.md: domain, then its code ("(status pass)"). */
  private static Map<String, Optional<String>> documentedScenarios() throws IOException {
    Map<String, Optional<String>> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(projectRoot().resolve("docs/lab.md"))) {
      String[] cells = line.split("\\|");
      if (cells.length == 4 && cells[1].strip().endsWith(".test")) {
        String code = cells[3].strip();
        rows.put(
            cells[1].strip(), code.equals("(status pass)") ? Optional.empty() : Optional.of(code));
      }
    }
    return rows;
  }

  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no project root (a directory with mvnw) above the test");
  }

  @Test
  void domainsAreUniqueAndUnderTest() {
    assertThat(Scenarios.all())
        .extracting(Scenario::domain)
        .doesNotHaveDuplicates()
        .allMatch(d -> d.endsWith(".test"));
  }

  @Test
  void policiesAreEnforceForAWeekUnlessTheScenarioSaysOtherwise() {
    for (Scenario scenario : Scenarios.all()) {
      Setup setup = scenario.setup();
      String domain = scenario.domain();
      assertThat(setup.mode())
          .as(domain)
          .isEqualTo(
              switch (domain) {
                case "testing.test" -> "testing";
                case "none.test" -> "none";
                case "policy-syntax.test" -> "enforcing";
                default -> "enforce";
              });
      assertThat(setup.maxAge())
          .as(domain)
          .isEqualTo(domain.equals("short-max-age.test") ? 3600 : 604_800);
    }
  }

  @Test
  void everyMxOfAPassingDomainIsCoveredByItsPolicy() {
    for (Scenario scenario : Scenarios.all()) {
      if (scenario.expectedCode().isPresent() && !scenario.domain().equals("dane.test")) {
        continue;
      }
      for (MxHost mx : scenario.setup().mx()) {
        assertThat(scenario.setup().mxPatterns())
            .as(scenario.domain())
            .anyMatch(
                p ->
                    p.equals(mx.name())
                        || (p.startsWith("*.")
                            && mx.name().endsWith(p.substring(1))
                            && mx.name().indexOf('.') == mx.name().length() - p.length() + 1));
      }
    }
  }

  @Test
  void policyTextFollowsTheRfcExample() {
    // RFC 8461 §3.2 example shape: version first, then mode, mx lines, max_age.
    assertThat(Setup.standard("example.test").policyText())
        .isEqualTo(
            "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmax_age: 604800\r\n");
  }
}
