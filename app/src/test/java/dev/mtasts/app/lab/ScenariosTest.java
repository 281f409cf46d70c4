package dev.mtasts.app.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scenario table is design/lab.md's table, with each domain one knob away from healthy. */
class ScenariosTest {

  /** design/lab.md, in its order: domain and the code check must report ("" for pass). */
  private static final Map<String, String> LAB_MD = new LinkedHashMap<>();

  static {
    String[][] rows = {
      {"good.test", ""},
      {"testing.test", "POLICY_MODE_TESTING"},
      {"none.test", "POLICY_MODE_NONE"},
      {"no-sts.test", "STS_RECORD_MISSING"},
      {"multi-record.test", "STS_RECORD_MULTIPLE"},
      {"bad-record.test", "STS_RECORD_INVALID"},
      {"no-policy-host.test", "POLICY_HOST_UNRESOLVABLE"},
      {"policy-404.test", "POLICY_HTTP_STATUS"},
      {"policy-redirect.test", "POLICY_REDIRECT"},
      {"policy-html.test", "POLICY_CONTENT_TYPE"},
      {"policy-huge.test", "POLICY_TOO_LARGE"},
      {"policy-syntax.test", "POLICY_SYNTAX"},
      {"policy-cert-expired.test", "POLICY_CERT_EXPIRED"},
      {"policy-cert-wrongname.test", "POLICY_CERT_NAME_MISMATCH"},
      {"policy-cert-untrusted.test", "POLICY_CERT_UNTRUSTED"},
      {"short-max-age.test", "POLICY_MAX_AGE_SHORT"},
      {"mx-mismatch.test", "POLICY_MX_MISMATCH"},
      {"mx-no-starttls.test", "MX_STARTTLS_MISSING"},
      {"mx-old-tls.test", "MX_TLS_VERSION_OLD"},
      {"mx-cert-expired.test", "MX_CERT_EXPIRED"},
      {"mx-cert-untrusted.test", "MX_CERT_UNTRUSTED"},
      {"mx-cert-wrongname.test", "MX_CERT_NAME_MISMATCH"},
      {"mx-unreachable.test", "MX_UNREACHABLE"},
      {"no-tlsrpt.test", "TLSRPT_RECORD_MISSING"},
      {"bad-tlsrpt.test", "TLSRPT_RUA_UNSUPPORTED"},
    };
    for (String[] row : rows) {
      LAB_MD.put(row[0], row[1]);
    }
  }

  @Test
  void everyRowOfTheDesignTableIsAScenarioInOrder() {
    assertThat(Scenarios.all().subList(0, LAB_MD.size()))
        .extracting(Scenario::domain)
        .containsExactlyElementsOf(LAB_MD.keySet());
    LAB_MD.forEach(
        (domain, code) ->
            assertThat(Scenarios.find(domain).orElseThrow().expectedCode())
                .as(domain)
                .isEqualTo(code.isEmpty() ? Optional.empty() : Optional.of(code)));
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
