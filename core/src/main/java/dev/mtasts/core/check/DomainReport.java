package dev.mtasts.core.check;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a check of one domain found.
 *
 * @param domain the domain checked, in its {@link dev.mtasts.core.domain.Domain} A-label form
 * @param status the verdict derived from {@code findings}
 * @param stsRecordId the {@code id} of the one valid {@code _mta-sts} record, if there is one
 * @param policy the parsed policy, when one was fetched and is valid
 * @param policyCertificate the policy host's certificate, when a handshake completed
 * @param mx the MX hosts in preference order (empty for none or a null MX)
 * @param findings every problem and notable fact, in step order
 * @param checkedAt when the check started (the clock's time)
 */
public record DomainReport(
    String domain,
    DomainStatus status,
    Optional<String> stsRecordId,
    Optional<PolicyFacts> policy,
    Optional<CertificateFacts> policyCertificate,
    List<MxReport> mx,
    List<Finding> findings,
    Instant checkedAt) {

  public DomainReport {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stsRecordId, "stsRecordId");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(policyCertificate, "policyCertificate");
    Objects.requireNonNull(checkedAt, "checkedAt");
    mx = List.copyOf(mx);
    findings = List.copyOf(findings);
  }

  /**
   * The finding that says the check itself could not ask DNS ({@link
   * FindingCode#DNS_RESOLVER_FAILED}): then the report says nothing about the domain.
   */
  public Optional<Finding> checkFailure() {
    return checkFailure(findings);
  }

  static Optional<Finding> checkFailure(List<Finding> findings) {
    return findings.stream().filter(f -> f.code() == FindingCode.DNS_RESOLVER_FAILED).findFirst();
  }

  /** True when some finding has severity error: the exit code 1 of {@code check}. */
  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }
}
