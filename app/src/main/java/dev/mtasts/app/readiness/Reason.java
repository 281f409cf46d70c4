package dev.mtasts.app.readiness;

import java.util.Objects;

/**
 * Why a domain is not ready or why there is not enough data.
 *
 * @param code stable: one of the constants here
 * @param verdict the verdict this reason leads to
 * @param subject what it is about: an organisation, an MX host, or the domain
 * @param message the evidence and what to do, in one sentence
 */
public record Reason(String code, Verdict verdict, String subject, String message) {

  /** Reports came on fewer days than {@code min_days}. */
  public static final String FEW_DAYS = "READINESS_FEW_DAYS";

  /** Fewer distinct sending organisations than {@code min_senders}. */
  public static final String FEW_SENDERS = "READINESS_FEW_SENDERS";

  /** Fewer sessions under an MTA-STS policy than {@code min_sessions}. */
  public static final String FEW_SESSIONS = "READINESS_FEW_SESSIONS";

  /** Failures enforce would block, over {@code max_failure_rate} of all MTA-STS sessions. */
  public static final String FAILURE_RATE = "READINESS_FAILURE_RATE";

  /** One sender's failures enforce would block, over {@code max_sender_failure_rate}. */
  public static final String SENDER_FAILURE_RATE = "READINESS_SENDER_FAILURE_RATE";

  /** An MX host senders met that the policy's {@code mx} lines do not match. */
  public static final String MX_NOT_COVERED = "READINESS_MX_NOT_COVERED";

  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
  }
}
