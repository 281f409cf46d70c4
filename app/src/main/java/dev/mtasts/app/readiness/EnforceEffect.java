package dev.mtasts.app.readiness;

import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.util.Set;

/**
 * What switching the policy from {@code testing} to {@code enforce} would do to a session that
 * failed with a given result type (RFC 8460 §4.3) under a given policy type (§4.4).
 */
public enum EnforceEffect {
  /**
   * RFC 8461 §5: under enforce a sender "MUST NOT deliver the message to hosts that fail MX
   * matching or certificate validation or that do not support STARTTLS"; it tries the next MX (§5.1
   * step 2) and otherwise treats the failure as temporary: the message is deferred, and bounces
   * when the failure outlasts the sender's retry time (RFC 5321 §4.5.4.1).
   */
  BLOCKED("deferred under enforce; bounced if it persists"),

  /**
   * RFC 8461 §3.3: when no policy can be fetched (fetch error, invalid policy, bad certificate of
   * the policy host) and none is cached, the sender delivers "as though the domain has not
   * implemented MTA-STS": enforce changes nothing for these sessions (and protects them neither).
   */
  POLICY_NOT_APPLIED("delivered without MTA-STS; enforce does not apply"),

  /**
   * A failure under another policy type (DANE {@code tlsa}, {@code no-policy-found}), or a DANE
   * result type: not caused by the MTA-STS mode (RFC 8461 §2: DANE takes precedence).
   */
  NOT_STS("not caused by the MTA-STS mode"),

  /**
   * A result type RFC 8460 does not define, or failed sessions a report counts without details:
   * what enforce would do is unknown, so they are counted as blocked to be safe.
   */
  UNKNOWN("unknown; counted as blocked to be safe");

  private static final Set<ResultType> NEGOTIATION =
      Set.of(
          ResultType.STARTTLS_NOT_SUPPORTED,
          ResultType.CERTIFICATE_HOST_MISMATCH,
          ResultType.CERTIFICATE_EXPIRED,
          ResultType.CERTIFICATE_NOT_TRUSTED,
          ResultType.VALIDATION_FAILURE);

  private static final Set<ResultType> POLICY_FETCH =
      Set.of(
          ResultType.STS_POLICY_FETCH_ERROR,
          ResultType.STS_POLICY_INVALID,
          ResultType.STS_WEBPKI_INVALID);

  private final String description;

  EnforceEffect(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** Whether the verdict counts these sessions as mail enforce would hold back. */
  public boolean blocks() {
    return this == BLOCKED || this == UNKNOWN;
  }

  /** The JSON and text token: {@code blocked}, {@code policy-not-applied}, ... */
  public String token() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * The effect of enforce on a session of {@code policyType} that failed with {@code resultType}.
   */
  public static EnforceEffect of(String policyType, String resultType) {
    if (!PolicyType.STS.value().equalsIgnoreCase(policyType)) {
      return NOT_STS;
    }
    ResultType type = new ResultType(resultType.toLowerCase(java.util.Locale.ROOT));
    if (NEGOTIATION.contains(type)) {
      return BLOCKED;
    }
    if (POLICY_FETCH.contains(type)) {
      return POLICY_NOT_APPLIED;
    }
    return type.isKnown() ? NOT_STS : UNKNOWN;
  }
}
