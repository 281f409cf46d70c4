package dev.mtasts.app.monitor;

import dev.mtasts.app.alert.Alert;
import dev.mtasts.core.check.AddressReport;
import dev.mtasts.core.check.CertificateFacts;
import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.check.Finding;
import dev.mtasts.core.check.FindingCode;
import dev.mtasts.core.check.MxReport;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.Mode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a check of a hosted domain says will break mail soon, as alerts: each kind is one condition
 * per subject, raised when it starts and cleared when a later check no longer finds it.
 */
public final class MonitorRules {

  /** An MX or policy-host certificate expires within {@link #EXPIRY_WARNING}, or has expired. */
  public static final String CERTIFICATE_EXPIRING = "certificate-expiring";

  /** A live MX host that no {@code mx} pattern of the served policy covers (RFC 8461 §4.1). */
  public static final String MX_NOT_COVERED = "mx-not-covered";

  /** The {@code _mta-sts} id in DNS is not the served policy's id (RFC 8461 §3.1). */
  public static final String STS_ID_STALE = "sts-id-stale";

  /** No {@code _smtp._tls} record: senders send no TLS reports (RFC 8460 §3). */
  public static final String TLSRPT_MISSING = "tlsrpt-record-missing";

  /** {@code mta-sts.DOMAIN} does not answer with a policy (RFC 8461 §3.3). */
  public static final String POLICY_HOST_DOWN = "policy-host-down";

  /** Every kind these rules raise, for reconciling the open alerts of a domain. */
  public static final Set<String> KINDS =
      Set.of(CERTIFICATE_EXPIRING, MX_NOT_COVERED, STS_ID_STALE, TLSRPT_MISSING, POLICY_HOST_DOWN);

  /** Two weeks: time for a renewal that failed to be noticed and done by hand. */
  public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

  private static final Set<FindingCode> HOST_DOWN =
      EnumSet.of(
          FindingCode.POLICY_HOST_UNRESOLVABLE,
          FindingCode.POLICY_HOST_UNREACHABLE,
          FindingCode.POLICY_TLS_ERROR,
          FindingCode.POLICY_HTTP_STATUS,
          FindingCode.POLICY_HTTP_MALFORMED,
          FindingCode.POLICY_REDIRECT);

  private MonitorRules() {}

  /**
   * The alerts for one check. A check that could not ask DNS at all says nothing about the domain:
   * no alerts (and none cleared, see {@link #conclusive}).
   */
  public static List<Alert> alerts(DomainReport report, ServedPolicy served, Instant now) {
    if (!conclusive(report)) {
      return List.of();
    }
    String domain = served.domain();
    List<Alert> alerts = new ArrayList<>();
    for (MxReport mx : report.mx()) {
      earliest(mx.addresses().stream().map(AddressReport::certificate).flatMap(Optional::stream))
          .filter(c -> expiresSoon(c, now))
          .ifPresent(c -> alerts.add(expiring(domain, mx.host(), "MX host", c, now)));
    }
    String policyHost = PolicyFetcher.policyHost(domain);
    report
        .policyCertificate()
        .filter(c -> expiresSoon(c, now))
        .ifPresent(c -> alerts.add(expiring(domain, policyHost, "policy host", c, now)));
    if (served.policy().mode() != Mode.NONE) {
      for (MxReport mx : report.mx()) {
        if (!served.policy().matchesMx(mx.host())) {
          alerts.add(
              new Alert(
                  MX_NOT_COVERED,
                  domain,
                  mx.host(),
                  "the MX host "
                      + mx.host()
                      + " matches no mx pattern of the served policy ("
                      + String.join(
                          ", ", served.policy().mx().stream().map(p -> p.pattern()).toList())
                      + "): in enforce mode senders refuse to deliver to it (RFC 8461 §4.1);"
                      + " add it to policy_host.domains."
                      + domain
                      + ".mx"));
        }
      }
    }
    stale(report, served).ifPresent(alerts::add);
    if (has(report, Set.of(FindingCode.TLSRPT_RECORD_MISSING))) {
      alerts.add(
          new Alert(
              TLSRPT_MISSING,
              domain,
              "_smtp._tls." + domain,
              "_smtp._tls."
                  + domain
                  + " has no TLS-RPT record: senders send no reports of failed TLS sessions, so"
                  + " nothing shows what enforce would block (RFC 8460 §3); `mtasts policy records "
                  + domain
                  + "` prints it"));
    }
    report.findings().stream()
        .filter(f -> HOST_DOWN.contains(f.code()))
        .findFirst()
        .ifPresent(
            f ->
                alerts.add(
                    new Alert(
                        POLICY_HOST_DOWN,
                        domain,
                        policyHost,
                        policyHost
                            + " does not answer with the policy ("
                            + f.code()
                            + "): senders keep their cached policy until it expires, new"
                            + " senders get none. "
                            + f.message())));
    return List.copyOf(alerts);
  }

  /**
   * Whether the check says anything about the domain: not when the DNS server itself failed ({@link
   * FindingCode#DNS_RESOLVER_FAILED}); then the open alerts are left as they are.
   */
  public static boolean conclusive(DomainReport report) {
    return report.checkFailure().isEmpty();
  }

  private static Optional<Alert> stale(DomainReport report, ServedPolicy served) {
    String domain = served.domain();
    String name = "_mta-sts." + domain;
    if (has(report, Set.of(FindingCode.STS_RECORD_DNS_ERROR))) {
      return Optional.empty(); // unknown, not stale
    }
    Optional<String> published = report.stsRecordId();
    if (published.isPresent() && published.get().equals(served.id())) {
      return Optional.empty();
    }
    String what =
        published
            .map(id -> name + " publishes id " + id)
            .orElse(name + " has no valid STSv1 record");
    return Optional.of(
        new Alert(
            STS_ID_STALE,
            domain,
            name,
            what
                + " but the served policy's id is "
                + served.id()
                + ": senders that cached an earlier policy do not fetch the new one (RFC 8461"
                + " §3.1); publish `v=STSv1; id="
                + served.id()
                + ";`"));
  }

  private static boolean has(DomainReport report, Set<FindingCode> codes) {
    return report.findings().stream().map(Finding::code).anyMatch(codes::contains);
  }

  private static Optional<CertificateFacts> earliest(
      java.util.stream.Stream<CertificateFacts> certificates) {
    return certificates.min(Comparator.comparing(CertificateFacts::notAfter));
  }

  private static boolean expiresSoon(CertificateFacts certificate, Instant now) {
    return certificate.notAfter().isBefore(now.plus(EXPIRY_WARNING));
  }

  private static Alert expiring(
      String domain, String host, String role, CertificateFacts certificate, Instant now) {
    long days = ChronoUnit.DAYS.between(now, certificate.notAfter());
    String date = certificate.notAfter().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    String when =
        certificate.notAfter().isAfter(now)
            ? "expires on " + date + " (in " + days + (days == 1 ? " day" : " days") + ")"
            : "expired on " + date;
    return new Alert(
        CERTIFICATE_EXPIRING,
        domain,
        host,
        "the certificate of the "
            + role
            + " "
            + host
            + " "
            + when
            + ": senders that enforce the policy refuse an expired one (RFC 8461 §4.2);"
            + " renew it");
  }
}
