package dev.mtasts.core.tlsrpt;

import java.util.Objects;
import java.util.Set;

/**
 * The {@code result-type} of a failure (RFC 8460 §4.3, registry of §6.6); a string RFC 8460 does
 * not define is kept verbatim (the list "is expected to grow over time").
 */
public record ResultType(String value) {

  // RFC 8460 §4.3.1 Negotiation Failures
  public static final ResultType STARTTLS_NOT_SUPPORTED = new ResultType("starttls-not-supported");
  public static final ResultType CERTIFICATE_HOST_MISMATCH =
      new ResultType("certificate-host-mismatch");
  public static final ResultType CERTIFICATE_EXPIRED = new ResultType("certificate-expired");
  public static final ResultType CERTIFICATE_NOT_TRUSTED =
      new ResultType("certificate-not-trusted");
  public static final ResultType VALIDATION_FAILURE = new ResultType("validation-failure");
  // RFC 8460 §4.3.2.1 DANE-Specific Policy Failures
  public static final ResultType TLSA_INVALID = new ResultType("tlsa-invalid");
  public static final ResultType DNSSEC_INVALID = new ResultType("dnssec-invalid");
  public static final ResultType DANE_REQUIRED = new ResultType("dane-required");
  // RFC 8460 §4.3.2.2 MTA-STS-specific Policy Failures
  public static final ResultType STS_POLICY_FETCH_ERROR = new ResultType("sts-policy-fetch-error");
  public static final ResultType STS_POLICY_INVALID = new ResultType("sts-policy-invalid");
  public static final ResultType STS_WEBPKI_INVALID = new ResultType("sts-webpki-invalid");

  private static final Set<ResultType> KNOWN =
      Set.of(
          STARTTLS_NOT_SUPPORTED,
          CERTIFICATE_HOST_MISMATCH,
          CERTIFICATE_EXPIRED,
          CERTIFICATE_NOT_TRUSTED,
          VALIDATION_FAILURE,
          TLSA_INVALID,
          DNSSEC_INVALID,
          DANE_REQUIRED,
          STS_POLICY_FETCH_ERROR,
          STS_POLICY_INVALID,
          STS_WEBPKI_INVALID);

  public ResultType {
    Objects.requireNonNull(value, "value");
  }

  /** Whether RFC 8460 defines this result type. */
  public boolean isKnown() {
    return KNOWN.contains(this);
  }

  @Override
  public String toString() {
    return value;
  }
}
