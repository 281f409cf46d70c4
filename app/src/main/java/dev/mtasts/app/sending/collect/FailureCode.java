package dev.mtasts.app.sending.collect;

import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.util.Optional;

/**
 * The numbers libtlsrpt 0.5 writes for RFC 8460 names: {@code tlsrpt_failure_t} (failure codes, the
 * {@code c} of a failure detail) and {@code tlsrpt_policy_type_t} ({@code policy-type}), as its
 * {@code tlsrpt.h} defines them.
 */
final class FailureCode {

  private FailureCode() {}

  /** RFC 8460 §4.3 result type of a libtlsrpt failure code; empty for any other number. */
  static Optional<ResultType> resultType(int code) {
    return Optional.ofNullable(
        switch (code) {
          // RFC 8460 §4.3.1 negotiation failures
          case 201 -> ResultType.STARTTLS_NOT_SUPPORTED;
          case 202 -> ResultType.CERTIFICATE_HOST_MISMATCH;
          case 203 -> ResultType.CERTIFICATE_NOT_TRUSTED;
          case 204 -> ResultType.CERTIFICATE_EXPIRED;
          case 205 -> ResultType.VALIDATION_FAILURE;
          // RFC 8460 §4.3.2.2 MTA-STS-specific policy failures
          case 301 -> ResultType.STS_POLICY_FETCH_ERROR;
          case 302 -> ResultType.STS_POLICY_INVALID;
          case 303 -> ResultType.STS_WEBPKI_INVALID;
          // RFC 8460 §4.3.2.1 DANE-specific policy failures
          case 304 -> ResultType.TLSA_INVALID;
          case 305 -> ResultType.DNSSEC_INVALID;
          case 306 -> ResultType.DANE_REQUIRED;
          default -> null;
        });
  }

  /** RFC 8460 §4.4 {@code policy-type} of a libtlsrpt policy type; empty for any other number. */
  static Optional<PolicyType> policyType(int code) {
    return Optional.ofNullable(
        switch (code) {
          case 1 -> PolicyType.TLSA;
          case 2 -> PolicyType.STS;
          case 9 -> PolicyType.NO_POLICY_FOUND;
          default -> null;
        });
  }
}
