package dev.mtasts.app.demo;

import dev.mtasts.app.lab.MxHost;
import dev.mtasts.app.lab.Scenario;
import dev.mtasts.app.lab.Setup;
import dev.mtasts.app.lab.SmtpBehaviour;
import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.StsRecord;
import dev.mtasts.core.policy.StsRecordSelection;
import dev.mtasts.core.tlsrpt.ResultType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a sender's sessions to one lab domain meet, read from the scenario's setup: each scenario
 * has one defect, and the defect decides which result type senders report (RFC 8460 §4.3).
 */
sealed interface Traffic {

  /** Senders find no usable policy record and report {@code no-policy-found}; all succeed. */
  record NoPolicy() implements Traffic {}

  /**
   * The record names a policy that cannot be fetched or validated: the sessions go without a policy
   * ({@code no-policy-found}), with a few failures a day, one per policy fetch, each at the MX the
   * delivery that wanted the policy was for.
   */
  record PolicyFailure(ResultType resultType, String reasonCode, String mxHost)
      implements Traffic {}

  /** The policy is applied; each MX gets its share of sessions and succeeds or fails its way. */
  record Applied(List<MxShare> mx) implements Traffic {
    public Applied {
      mx = List.copyOf(mx);
    }
  }

  /** Nothing answers on the MX: no TLS session ever happens, so senders have nothing to say. */
  record Silent() implements Traffic {}

  /**
   * One MX host's part of a domain's sessions.
   *
   * @param host the MX host name
   * @param share the fraction of sessions that go to it
   * @param failure the result type every session to it fails with; empty when they succeed
   * @param reasonCode {@code failure-reason-code} as an MTA would write it
   */
  record MxShare(String host, double share, Optional<ResultType> failure, String reasonCode) {}

  Set<String> POLICY_MODES = Set.of("testing", "enforce");
  double BACKUP_MX_SHARE = 0.08;

  /** The traffic of {@code scenario}'s domain. */
  static Traffic of(Scenario scenario) {
    Setup s = scenario.setup();
    // RFC 8461 §3.1: no record, several, or an invalid one: no available policy.
    boolean usableRecord =
        StsRecord.select(s.stsRecords())
            instanceof StsRecordSelection.One(String text, ParseResult.Ok<StsRecord> ok);
    if (!usableRecord || s.mode().equals("none")) {
      return new NoPolicy();
    }
    if (!s.policyHost()) {
      return new PolicyFailure(
          ResultType.STS_POLICY_FETCH_ERROR, "policy host not found", primary(s));
    }
    switch (s.serving()) {
      case NOT_FOUND -> {
        return new PolicyFailure(ResultType.STS_POLICY_FETCH_ERROR, "HTTP 404", primary(s));
      }
      case REDIRECT -> {
        return new PolicyFailure(ResultType.STS_POLICY_FETCH_ERROR, "HTTP 301", primary(s));
      }
      case HUGE -> {
        return new PolicyFailure(ResultType.STS_POLICY_FETCH_ERROR, "policy too large", primary(s));
      }
      case HTML -> {
        return new PolicyFailure(
            ResultType.STS_POLICY_INVALID, "content type text/html", primary(s));
      }
      default -> {}
    }
    if (!POLICY_MODES.contains(s.mode())) {
      return new PolicyFailure(ResultType.STS_POLICY_INVALID, "mode: " + s.mode(), primary(s));
    }
    if (s.policyCertificate() != CertificateKind.VALID) {
      return new PolicyFailure(
          ResultType.STS_WEBPKI_INVALID, certificateReason(s.policyCertificate()), primary(s));
    }
    if (s.mx().stream().anyMatch(m -> m.smtp() == SmtpBehaviour.UNREACHABLE)) {
      return new Silent();
    }
    List<MxShare> shares =
        s.mx().stream()
            .map(m -> share(m, s.mx().size() == 1 ? 1.0 : shareOf(m, s.mx()), s.mxPatterns()))
            .toList();
    return new Applied(shares);
  }

  private static String primary(Setup s) {
    return s.mx().stream().min(Comparator.comparingInt(MxHost::preference)).orElseThrow().name();
  }

  private static double shareOf(MxHost mx, List<MxHost> all) {
    int best = all.stream().mapToInt(MxHost::preference).min().orElseThrow();
    long backups = all.stream().filter(m -> m.preference() != best).count();
    return mx.preference() == best
        ? (1 - BACKUP_MX_SHARE * backups) / (all.size() - backups)
        : BACKUP_MX_SHARE;
  }

  private static MxShare share(MxHost mx, double share, List<String> patterns) {
    // RFC 8461 §4.1: an MX no pattern matches fails validation.
    if (patterns.stream()
        .noneMatch(
            p ->
                MxPattern.parse(p) instanceof ParseResult.Ok<MxPattern>(MxPattern pattern, var w)
                    && pattern.matches(mx.name()))) {
      return new MxShare(
          mx.name(), share, Optional.of(ResultType.VALIDATION_FAILURE), "mx not in policy");
    }
    return switch (mx.smtp()) {
      case NO_STARTTLS ->
          new MxShare(
              mx.name(),
              share,
              Optional.of(ResultType.STARTTLS_NOT_SUPPORTED),
              "no STARTTLS in EHLO");
      case OLD_TLS_ONLY ->
          new MxShare(
              mx.name(), share, Optional.of(ResultType.VALIDATION_FAILURE), "protocol_version");
      default ->
          switch (mx.certificate()) {
            case VALID -> new MxShare(mx.name(), share, Optional.empty(), "");
            case EXPIRED ->
                new MxShare(
                    mx.name(),
                    share,
                    Optional.of(ResultType.CERTIFICATE_EXPIRED),
                    certificateReason(mx.certificate()));
            case WRONG_NAME ->
                new MxShare(
                    mx.name(),
                    share,
                    Optional.of(ResultType.CERTIFICATE_HOST_MISMATCH),
                    certificateReason(mx.certificate()));
            default ->
                new MxShare(
                    mx.name(),
                    share,
                    Optional.of(ResultType.CERTIFICATE_NOT_TRUSTED),
                    certificateReason(mx.certificate()));
          };
    };
  }

  private static String certificateReason(CertificateKind kind) {
    return switch (kind) {
      case EXPIRED -> "X509_V_ERR_CERT_HAS_EXPIRED";
      case WRONG_NAME -> "X509_V_ERR_HOSTNAME_MISMATCH";
      default -> "X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT";
    };
  }
}
