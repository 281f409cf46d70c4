package dev.mtasts.app.store;

import java.util.Objects;
import java.util.Optional;

/** One failure-details entry of a stored report, as the sender wrote it (RFC 8460 §4.3). */
public record StoredFailure(
    String resultType,
    Optional<String> sendingMtaIp,
    Optional<String> receivingMxHostname,
    Optional<String> receivingMxHelo,
    Optional<String> receivingIp,
    long failedSessionCount,
    Optional<String> additionalInformation,
    Optional<String> failureReasonCode) {

  public StoredFailure {
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(sendingMtaIp, "sendingMtaIp");
    Objects.requireNonNull(receivingMxHostname, "receivingMxHostname");
    Objects.requireNonNull(receivingMxHelo, "receivingMxHelo");
    Objects.requireNonNull(receivingIp, "receivingIp");
    Objects.requireNonNull(additionalInformation, "additionalInformation");
    Objects.requireNonNull(failureReasonCode, "failureReasonCode");
  }
}
