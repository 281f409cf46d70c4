package dev.mtasts.app.readiness;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the verdict rests on: the reports whose date range starts within {@code from}..{@code to}
 * (UTC days, inclusive).
 *
 * @param from the first day of the window
 * @param to the last day of the window (today)
 * @param days distinct days with reports
 * @param senders distinct sending organisations
 * @param sessions sessions of every policy type
 * @param failed failed sessions of every policy type
 * @param stsSessions sessions under an MTA-STS policy (RFC 8460 §4.4 policy-type {@code sts})
 * @param blocked MTA-STS sessions enforce would block ({@link EnforceEffect#blocks()})
 * @param bySender per sending organisation
 * @param byMxHost per MX host senders named in failures ({@code receiving-mx-hostname})
 * @param byResultType failed sessions per policy type and result type, with enforce's effect
 * @param policyMx the {@code mx} patterns of the latest MTA-STS policy senders reported
 * @param hostedMx the {@code mx} patterns of the policy serve hosts for the domain, if it does
 */
public record Evidence(
    LocalDate from,
    LocalDate to,
    int days,
    int senders,
    long sessions,
    long failed,
    long stsSessions,
    long blocked,
    List<Sender> bySender,
    List<MxHost> byMxHost,
    List<Failures> byResultType,
    List<String> policyMx,
    Optional<List<String>> hostedMx) {

  public Evidence {
    bySender = List.copyOf(bySender);
    byMxHost = List.copyOf(byMxHost);
    byResultType = List.copyOf(byResultType);
    policyMx = List.copyOf(policyMx);
    hostedMx = hostedMx.map(List::copyOf);
  }

  /** Failed sessions of every policy type per session. */
  public double failureRate() {
    return rate(failed, sessions);
  }

  /** MTA-STS sessions enforce would block per MTA-STS session. */
  public double blockedRate() {
    return rate(blocked, stsSessions);
  }

  /** A rate as a percentage with two decimals, e.g. {@code 0.40%}. */
  public static String percent(double rate) {
    return String.format(java.util.Locale.ROOT, "%.2f%%", rate * 100);
  }

  /** {@code part} per {@code whole}, 0 when {@code whole} is 0. */
  public static double rate(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  /**
   * One sending organisation.
   *
   * @param organization its {@code organization-name}
   * @param sessions its sessions of every policy type
   * @param failed its failed sessions of every policy type
   * @param stsSessions its sessions under an MTA-STS policy
   * @param blocked those enforce would block
   */
  public record Sender(
      String organization, long sessions, long failed, long stsSessions, long blocked) {
    public double failureRate() {
      return rate(failed, sessions);
    }

    public double blockedRate() {
      return rate(blocked, stsSessions);
    }
  }

  /**
   * One MX host senders met (reports name MX hosts only in failure details, so successful sessions
   * per host are unknown).
   *
   * @param host the {@code receiving-mx-hostname}, lower case
   * @param failed failed sessions at it, every policy type
   * @param blocked MTA-STS sessions at it enforce would block
   * @param covered whether the {@code mx} patterns senders reported match it
   * @param coveredByHosted whether the hosted policy's patterns match it, if serve hosts one
   */
  public record MxHost(
      String host, long failed, long blocked, boolean covered, Optional<Boolean> coveredByHosted) {}

  /**
   * Failed sessions of one result type.
   *
   * @param policyType {@code sts}, {@code tlsa}, {@code no-policy-found}
   * @param resultType the RFC 8460 §4.3 result type, or {@code (no details)} for failed sessions a
   *     report counts without failure details
   * @param failed failed sessions
   * @param effect what enforce would do to them
   */
  public record Failures(String policyType, String resultType, long failed, EnforceEffect effect) {}
}
