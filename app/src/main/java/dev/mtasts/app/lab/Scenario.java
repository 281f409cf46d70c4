package dev.mtasts.app.lab;

import java.util.Objects;
import java.util.Optional;

/**
 * One lab domain and the one thing wrong with it.
 *
 * @param domain the domain, under {@code .test} (RFC 2606)
 * @param defect what is wrong, in words ("nothing" for a healthy domain)
 * @param expectedCode the finding code {@code check} must report for it; empty when the domain
 *     passes
 * @param setup the knobs that make it
 */
public record Scenario(String domain, String defect, Optional<String> expectedCode, Setup setup) {

  public Scenario {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(defect, "defect");
    Objects.requireNonNull(expectedCode, "expectedCode");
    Objects.requireNonNull(setup, "setup");
  }

  /** The policy host name, {@code mta-sts.<domain>} (RFC 8461 §3.3). */
  public String policyHost() {
    return "mta-sts." + domain;
  }
}
