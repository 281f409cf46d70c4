package dev.mtasts.app.alert;

import java.util.Objects;

/**
 * A condition worth telling the operator about. Alerts with the same {@code kind}, {@code domain}
 * and {@code subject} are one condition: it is announced when it starts and again only after it
 * cleared.
 *
 * @param kind what kind of condition: one of the rule kinds here, or another component's own (lower
 *     case, hyphenated)
 * @param domain the policy domain it concerns
 * @param subject what within the domain: a result type, an organisation, an MX host, or "" for the
 *     domain as a whole
 * @param message one or two sentences with the numbers, for people
 */
public record Alert(String kind, String domain, String subject, String message) {

  /** The failure rate across the window is over the threshold. */
  public static final String FAILURE_RATE = "failure-rate";

  /** A result type failing in the window that did not fail before it. */
  public static final String NEW_RESULT_TYPE = "new-result-type";

  /** A sending organisation with failures in the window that had none before it. */
  public static final String NEW_FAILING_ORGANIZATION = "new-failing-organization";

  /** An MX host with failures in the window that had none before it. */
  public static final String NEW_FAILING_MX = "new-failing-mx";

  /** No reports for some days, where they used to come. */
  public static final String REPORTS_MISSING = "reports-missing";

  public Alert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
    if (kind.isBlank()) {
      throw new IllegalArgumentException("an alert needs a kind");
    }
  }
}
