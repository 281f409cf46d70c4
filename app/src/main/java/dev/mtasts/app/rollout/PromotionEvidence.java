package dev.mtasts.app.rollout;

import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.readiness.Readiness;
import dev.mtasts.app.readiness.Reason;
import dev.mtasts.app.readiness.Verdict;
import dev.mtasts.core.check.AddressReport;
import dev.mtasts.core.check.CertificateFacts;
import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.check.FindingCode;
import dev.mtasts.core.check.MxReport;
import dev.mtasts.core.tls.CertificateAssessment.Validity;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What says whether switching a hosted domain to {@code enforce} would bounce mail (RFC 8461 §5):
 * the live check of every MX host against the policy that would be enforced (covered by an {@code
 * mx} pattern, §4.1; STARTTLS, TLS 1.2 or later and a valid certificate for its name, §4.2), and
 * the readiness verdict from the stored TLS reports when there are any.
 *
 * @param domain the domain
 * @param lines the evidence, one fact per line, in order
 * @param blockers what would bounce mail in enforce mode; empty: nothing found
 */
public record PromotionEvidence(String domain, List<String> lines, List<String> blockers) {

  private static final Set<String> OLD_TLS = Set.of("SSLv3", "TLSv1", "TLSv1.1");

  public PromotionEvidence {
    lines = List.copyOf(lines);
    blockers = List.copyOf(blockers);
  }

  /** Whether the evidence says enforce would bounce mail. */
  public boolean wouldBounce() {
    return !blockers.isEmpty();
  }

  /**
   * Judges the check and the readiness.
   *
   * @param hosted the domain as configured now (the policy's mx patterns stay when promoted)
   * @param report a live check of the domain
   * @param readiness the verdict from the stored reports
   */
  public static PromotionEvidence of(
      HostedDomain hosted, DomainReport report, Optional<Readiness> readiness) {
    List<String> lines = new ArrayList<>();
    List<String> blockers = new ArrayList<>();
    String domain = hosted.domain();
    report
        .checkFailure()
        .ifPresent(
            f -> blockers.add("the check could not ask DNS about " + domain + ": " + f.message()));
    if (report.checkFailure().isEmpty() && report.mx().isEmpty()) {
      boolean nullMx = report.findings().stream().anyMatch(f -> f.code() == FindingCode.MX_NULL);
      blockers.add(
          nullMx
              ? domain + " publishes a null MX (RFC 7505): it accepts no mail to protect"
              : domain + " has no MX host to check");
    }
    for (MxReport mx : report.mx()) {
      boolean covered = hosted.policy().matchesMx(mx.host());
      lines.add(
          "MX "
              + mx.host()
              + " (preference "
              + mx.preference()
              + "): "
              + (covered ? "covered by the policy" : "NOT covered by any mx pattern"));
      if (!covered) {
        blockers.add(
            mx.host()
                + " matches no mx pattern ("
                + String.join(", ", hosted.policy().mx().stream().map(p -> p.pattern()).toList())
                + "): senders would refuse to deliver to it (RFC 8461 §4.1)");
      }
      if (mx.addresses().isEmpty()) {
        lines.add("  no address: not judged");
      }
      for (AddressReport address : mx.addresses()) {
        Optional<String> problem = problem(address);
        lines.add("  " + address.address() + ": " + facts(address));
        problem.ifPresent(p -> blockers.add(mx.host() + " [" + address.address() + "]: " + p));
      }
    }
    if (readiness.isEmpty() || readiness.get().evidence().days() == 0) {
      lines.add("TLS reports: none stored for " + domain + " in the readiness window");
    } else {
      Readiness r = readiness.get();
      lines.add(
          "TLS reports: "
              + r.verdict().label()
              + " ("
              + r.evidence().days()
              + " days, "
              + r.evidence().senders()
              + " senders, "
              + r.evidence().sessions()
              + " sessions, "
              + r.evidence().blocked()
              + " that enforce would block)");
      for (Reason reason : r.reasons()) {
        lines.add("  " + reason.code() + ": " + reason.message());
        if (reason.verdict() == Verdict.NOT_READY) {
          blockers.add("TLS reports: " + reason.message());
        }
      }
    }
    return new PromotionEvidence(domain, lines, blockers);
  }

  /** What in this address's session would fail under enforce (RFC 8461 §4.2), if anything. */
  private static Optional<String> problem(AddressReport a) {
    if (!a.connected()) {
      return Optional.empty(); // unreachable for every sender, enforce or not
    }
    if (!a.starttls()) {
      return Optional.of("no STARTTLS");
    }
    if (a.tlsVersion().isEmpty()) {
      return Optional.of("the TLS handshake failed" + a.problem().map(p -> ": " + p).orElse(""));
    }
    if (OLD_TLS.contains(a.tlsVersion().get())) {
      return Optional.of(a.tlsVersion().get() + " only (RFC 8461 §4.2 requires TLS 1.2 or later)");
    }
    if (a.certificate().isEmpty()) {
      return Optional.of("no certificate seen");
    }
    CertificateFacts c = a.certificate().get();
    if (c.validity() != Validity.VALID) {
      return Optional.of(
          "certificate "
              + c.validity().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + " (not after "
              + day(c)
              + ")");
    }
    if (!c.chainTrusted()) {
      return Optional.of("certificate not issued by a trusted CA");
    }
    if (!c.nameMatches()) {
      return Optional.of("certificate does not name the host " + String.join(", ", c.dnsNames()));
    }
    return Optional.empty();
  }

  private static String facts(AddressReport a) {
    if (!a.connected()) {
      return "unreachable now" + a.problem().map(p -> " (" + p + ")").orElse("") + ", not judged";
    }
    StringBuilder s = new StringBuilder(a.starttls() ? "STARTTLS" : "no STARTTLS");
    a.tlsVersion().ifPresent(v -> s.append(", ").append(v));
    a.certificate()
        .ifPresent(
            c ->
                s.append(", certificate ")
                    .append(c.validity() == Validity.VALID ? "valid until " : "NOT valid, until ")
                    .append(day(c))
                    .append(c.chainTrusted() ? ", trusted" : ", UNTRUSTED")
                    .append(c.nameMatches() ? ", name matches" : ", WRONG NAME"));
    problem(a).ifPresent(p -> s.append(" -> would bounce: ").append(p));
    return s.toString();
  }

  private static String day(CertificateFacts c) {
    return c.notAfter().atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }
}
