package dev.mtasts.core.tlsrpt;

import java.util.Objects;
import java.util.Set;

/**
 * The {@code policy-type} of RFC 8460 §4.4: {@code sts}, {@code tlsa} or {@code no-policy-found};
 * any other string a sender writes is kept verbatim.
 */
public record PolicyType(String value) {

  public static final PolicyType STS = new PolicyType("sts");
  public static final PolicyType TLSA = new PolicyType("tlsa");
  public static final PolicyType NO_POLICY_FOUND = new PolicyType("no-policy-found");

  private static final Set<PolicyType> KNOWN = Set.of(STS, TLSA, NO_POLICY_FOUND);

  public PolicyType {
    Objects.requireNonNull(value, "value");
  }

  /** Whether RFC 8460 defines this type. */
  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  @Override
  public String toString() {
    return value;
  }
}
