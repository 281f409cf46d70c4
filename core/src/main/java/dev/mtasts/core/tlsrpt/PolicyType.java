package dev.mtasts.core.tlsrpt;

import java.util.Objects;

/**
 * The {@code policy-type} of RFC 8460 §4.4: {@code sts}, {@code tlsa} or {@code no-policy-found};
 * any other string a sender writes is kept verbatim.
 */
public record PolicyType(String value) {

  public static final PolicyType STS = new PolicyType("sts");
  public static final PolicyType TLSA = new PolicyType("tlsa");
  public static final PolicyType NO_POLICY_FOUND = new PolicyType("no-policy-found");

  public PolicyType {
    Objects.requireNonNull(value, "value");
  }

  /** Whether RFC 8460 defines this type. */
  public boolean isKnown() {
    return switch (value) {
      case "sts", "tlsa", "no-policy-found" -> true;
      default -> false;
    };
  }

  @Override
  public String toString() {
    return value;
  }
}
