package dev.mtasts.core.tlsrpt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code policy} object of a report entry (RFC 8460 §4.4, §4.5).
 *
 * @param policyType {@code policy-type}
 * @param policyString {@code policy-string}: the MTA-STS policy lines, or one TLSA RDATA per entry
 * @param policyDomain {@code policy-domain}, absent when the sender left it out
 * @param mxHost {@code mx-host} (the schema's {@code mx-host-pattern}): the policy's MX patterns
 */
public record PolicyDetails(
    PolicyType policyType,
    List<String> policyString,
    Optional<String> policyDomain,
    List<String> mxHost) {

  public PolicyDetails {
    Objects.requireNonNull(policyType, "policyType");
    policyString = List.copyOf(policyString);
    Objects.requireNonNull(policyDomain, "policyDomain");
    mxHost = List.copyOf(mxHost);
  }
}
