package dev.mtasts.core.tlsrpt;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code failure-details} (RFC 8460 §4.4): the sessions that failed one way.
 *
 * @param resultType {@code result-type}
 * @param sendingMtaIp {@code sending-mta-ip}
 * @param receivingMxHostname {@code receiving-mx-hostname}
 * @param receivingMxHelo {@code receiving-mx-helo}
 * @param receivingIp {@code receiving-ip}
 * @param failedSessionCount {@code failed-session-count}
 * @param additionalInformation {@code additional-information} (the schema's {@code
 *     additional-info-uri})
 * @param failureReasonCode {@code failure-reason-code}
 */
public record FailureDetails(
    ResultType resultType,
    Optional<String> sendingMtaIp,
    Optional<String> receivingMxHostname,
    Optional<String> receivingMxHelo,
    Optional<String> receivingIp,
    long failedSessionCount,
    Optional<String> additionalInformation,
    Optional<String> failureReasonCode) {

  public FailureDetails {
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(sendingMtaIp, "sendingMtaIp");
    Objects.requireNonNull(receivingMxHostname, "receivingMxHostname");
    Objects.requireNonNull(receivingMxHelo, "receivingMxHelo");
    Objects.requireNonNull(receivingIp, "receivingIp");
    Objects.requireNonNull(additionalInformation, "additionalInformation");
    Objects.requireNonNull(failureReasonCode, "failureReasonCode");
    if (failedSessionCount < 0) {
      throw new IllegalArgumentException("failed-session-count is not negative");
    }
  }
}
