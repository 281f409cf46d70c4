package dev.mtasts.core.check;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.fetch.AddressAttempt;
import dev.mtasts.core.fetch.PolicyFetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.Leniency;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.tls.TlsSessionFacts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy host {@code mta-sts.<domain>} and its policy (RFC 8461 §3.2, §3.3): its addresses, the
 * HTTPS fetch as a strict sender does it, the certificate problem by problem, then the policy text.
 */
final class PolicyStep {

  /** RFC 8461 §3.2 suggests weeks; under a day is short. */
  static final long SHORT_MAX_AGE = 86_400L;

  /**
   * What the policy step showed.
   *
   * @param policy the valid policy, when one was fetched
   * @param certificate the policy host's certificate, when a handshake completed
   */
  record Outcome(
      Optional<Policy> policy, Optional<CertificateFacts> certificate, List<Finding> findings) {
    Outcome {
      findings = List.copyOf(findings);
    }
  }

  private final DnsResolver dns;
  private final PolicyFetcher fetcher;
  private final Duration expiryWarning;
  private final CheckOptions options;

  PolicyStep(DnsResolver dns, PolicyFetcher fetcher, CheckOptions options) {
    this.dns = dns;
    this.fetcher = fetcher;
    this.expiryWarning = options.expiryWarning();
    this.options = options;
  }

  Outcome run(String domain) {
    String host = PolicyFetcher.policyHost(domain);
    List<Finding> findings = new ArrayList<>();
    DnsAnswer<InetAddress> addresses = dns.addresses(host);
    if (DnsFindings.isBogus(addresses)) {
      findings.add(DnsFindings.bogus(host, addresses));
      return new Outcome(Optional.empty(), Optional.empty(), findings);
    }
    if (!addresses.found()) {
      String detail =
          addresses.failed()
              ? "The address lookup of " + host + " failed: " + DnsFindings.failure(addresses)
              : host + " has no A or AAAA record (" + addresses.status() + ")";
      findings.add(Finding.of(FindingCode.POLICY_HOST_UNRESOLVABLE, host, detail + "."));
      return new Outcome(Optional.empty(), Optional.empty(), findings);
    }
    findings.addAll(NonPublicAddresses.of(host, "policy host", addresses.records(), options));
    // A diagnosis: certificate problems are findings, and the policy is still read and judged.
    PolicyFetchResult result = fetcher.fetchForDiagnosis(domain, addresses.records());
    Optional<CertificateFacts> certificate =
        result.tls().map(s -> CertificateFacts.of(s.certificate()));
    result
        .tls()
        .map(TlsSessionFacts::certificate)
        .ifPresent(
            c ->
                findings.addAll(
                    CertificateFindings.of(
                        c, host, CertificateFindings.POLICY_HOST, expiryWarning)));
    Optional<Policy> policy =
        switch (result) {
          case PolicyFetchResult.Failed failed -> {
            findings.add(fetchFailure(host, failed));
            yield Optional.empty();
          }
          case PolicyFetchResult.Fetched fetched -> {
            unreachableAddresses(host, fetched.failedAddresses(), findings);
            yield policy(host, fetched.body(), findings);
          }
        };
    return new Outcome(policy, certificate, findings);
  }

  private static Finding fetchFailure(String host, PolicyFetchResult.Failed failed) {
    String url = "https://" + host + PolicyFetcher.POLICY_PATH;
    String at = failed.address().map(a -> " (from " + a.getHostAddress() + ")").orElse("");
    String detail = url + at + ": " + failed.detail() + ".";
    return switch (failed.failure()) {
      case NO_ADDRESSES, UNREACHABLE, ADDRESS_NOT_PUBLIC ->
          Finding.of(FindingCode.POLICY_HOST_UNREACHABLE, host, detail + attempts(failed));
      case TIMEOUT ->
          Finding.of(
              FindingCode.POLICY_HOST_UNREACHABLE,
              host,
              url + at + " timed out: " + failed.detail() + "." + attempts(failed));
      case TLS_HANDSHAKE_FAILED ->
          Finding.of(
              FindingCode.POLICY_TLS_ERROR,
              host,
              "The TLS 1.2+ handshake with " + host + at + " failed: " + failed.detail() + ".");
      // Not from fetchForDiagnosis, which reports certificates as facts; mapped for completeness.
      case CERTIFICATE_UNTRUSTED -> Finding.of(FindingCode.POLICY_CERT_UNTRUSTED, host, detail);
      case CERTIFICATE_EXPIRED -> Finding.of(FindingCode.POLICY_CERT_EXPIRED, host, detail);
      case CERTIFICATE_NAME_MISMATCH ->
          Finding.of(FindingCode.POLICY_CERT_NAME_MISMATCH, host, detail);
      case MALFORMED_RESPONSE -> Finding.of(FindingCode.POLICY_HTTP_MALFORMED, host, detail);
      case HTTP_REDIRECT -> Finding.of(FindingCode.POLICY_REDIRECT, host, detail);
      case HTTP_STATUS -> Finding.of(FindingCode.POLICY_HTTP_STATUS, host, detail);
      case CONTENT_TYPE -> Finding.of(FindingCode.POLICY_CONTENT_TYPE, host, detail);
      case TOO_LARGE -> Finding.of(FindingCode.POLICY_TOO_LARGE, host, detail);
      case BODY_NOT_UTF8 -> Finding.of(FindingCode.POLICY_SYNTAX, host, detail);
    };
  }

  private static String attempts(PolicyFetchResult.Failed failed) {
    return failed.failedAddresses().isEmpty()
        ? ""
        : " Tried: "
            + String.join(
                "; ", failed.failedAddresses().stream().map(PolicyStep::describe).toList())
            + ".";
  }

  private static String describe(AddressAttempt attempt) {
    return attempt.address().getHostAddress() + " " + attempt.detail();
  }

  /** Some addresses failed before one answered: senders that try those first may fail. */
  private static void unreachableAddresses(
      String host, List<AddressAttempt> attempts, List<Finding> findings) {
    for (AddressAttempt attempt : attempts) {
      findings.add(
          Finding.of(
                  FindingCode.POLICY_HOST_UNREACHABLE,
                  host + " [" + attempt.address().getHostAddress() + "]",
                  "No HTTPS connection to "
                      + attempt.address().getHostAddress()
                      + " ("
                      + attempt.detail()
                      + "); another address of "
                      + host
                      + " answered, but senders that try this one may fail.")
              .withSeverity(Severity.WARNING));
    }
  }

  /**
   * Read as senders read it ({@link Leniency#SENDER}, as this tool's resolver and
   * postfix-mta-sts-resolver do): what they read past is a warning, what makes them discard the
   * policy an error.
   */
  private static Optional<Policy> policy(String host, String body, List<Finding> findings) {
    ParseResult<Policy> parsed = Policy.parse(body, Leniency.SENDER);
    for (Problem error : parsed.errors()) {
      findings.add(Finding.of(FindingCode.POLICY_SYNTAX, host, syntax(error)));
    }
    for (Problem warning : parsed.warnings()) {
      findings.add(Finding.tolerated(FindingCode.POLICY_SYNTAX, host, syntax(warning)));
    }
    if (!(parsed instanceof ParseResult.Ok<Policy> ok)) {
      return Optional.empty();
    }
    Policy policy = ok.value();
    if (policy.mode() == Mode.TESTING) {
      findings.add(
          Finding.of(FindingCode.POLICY_MODE_TESTING, host, "The policy says \"mode: testing\"."));
    } else if (policy.mode() == Mode.NONE) {
      findings.add(
          Finding.of(FindingCode.POLICY_MODE_NONE, host, "The policy says \"mode: none\"."));
    }
    if (policy.maxAge() < SHORT_MAX_AGE) {
      findings.add(
          Finding.of(
              FindingCode.POLICY_MAX_AGE_SHORT,
              host,
              "The policy says \"max_age: "
                  + policy.maxAge()
                  + "\" ("
                  + Duration.ofSeconds(policy.maxAge())
                      .toString()
                      .substring(2)
                      .toLowerCase(java.util.Locale.ROOT)
                  + "), under one day."));
    }
    return Optional.of(policy);
  }

  private static String syntax(Problem problem) {
    String where =
        problem.line() == 0
            ? "The policy"
            : "Line "
                + problem.line()
                + (problem.column() > 0 ? ", column " + problem.column() : "")
                + " of the policy";
    return where + ": " + problem.message() + " (" + problem.code() + ").";
  }
}
