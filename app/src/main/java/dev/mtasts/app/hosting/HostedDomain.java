package dev.mtasts.app.hosting;

import dev.mtasts.app.dnsupdate.RecordPublishing;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.Policy;
import java.util.Objects;

/**
 * One domain under {@code policy_host.domains}: its policy and where the certificate of its policy
 * host comes from.
 *
 * @param domain the policy domain, A-label form (lower case, no trailing dot)
 * @param policy what {@code mta-sts.<domain>} serves
 * @param certificate the certificate for {@code mta-sts.<domain>}
 * @param publishing its TLS-RPT record and how its records reach DNS ({@code tlsrpt_rua}, {@code
 *     dns_update})
 */
public record HostedDomain(
    String domain, Policy policy, CertificateSource certificate, RecordPublishing publishing) {

  /** The label every policy host name starts with (RFC 8461 §3.3). */
  public static final String HOST_PREFIX = "mta-sts.";

  /** Testing first (RFC 8461 §5): a day, so that a mistake is forgotten quickly. */
  public static final long TESTING_MAX_AGE = 86_400;

  /** Enforcing: a week, so that an attacker must wait a week out after the first fetch. */
  public static final long ENFORCE_MAX_AGE = 604_800;

  public HostedDomain {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(publishing, "publishing");
  }

  /** A domain without a TLS-RPT record whose records are pasted by hand. */
  public HostedDomain(String domain, Policy policy, CertificateSource certificate) {
    this(domain, policy, certificate, RecordPublishing.NONE);
  }

  /** The {@code max_age} when none is given: a week in enforce mode, else a day. */
  public static long defaultMaxAge(Mode mode) {
    return mode == Mode.ENFORCE ? ENFORCE_MAX_AGE : TESTING_MAX_AGE;
  }

  /** The host senders fetch the policy from (RFC 8461 §3.3). */
  public String policyHost() {
    return HOST_PREFIX + domain;
  }

  /** The policy as served, with its id. */
  public HostedPolicy hostedPolicy() {
    return HostedPolicy.of(domain, policy);
  }
}
