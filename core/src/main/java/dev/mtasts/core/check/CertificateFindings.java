package dev.mtasts.core.check;

import dev.mtasts.core.tls.CertificateAssessment;
import dev.mtasts.core.tls.CertificateNames.NameMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one certificate assessment into findings, each problem separately (RFC 8461 §3.3 for the
 * policy host, §4.2 for MX hosts): a certificate can be expired, untrusted and misnamed at once.
 */
final class CertificateFindings {

  /** The codes for one kind of host. */
  record Codes(FindingCode expired, FindingCode untrusted, FindingCode nameMismatch) {}

  static final Codes POLICY_HOST =
      new Codes(
          FindingCode.POLICY_CERT_EXPIRED,
          FindingCode.POLICY_CERT_UNTRUSTED,
          FindingCode.POLICY_CERT_NAME_MISMATCH);

  static final Codes MX_HOST =
      new Codes(
          FindingCode.MX_CERT_EXPIRED,
          FindingCode.MX_CERT_UNTRUSTED,
          FindingCode.MX_CERT_NAME_MISMATCH);

  private CertificateFindings() {}

  static List<Finding> of(
      CertificateAssessment cert, String subject, Codes codes, Duration expiryWarning) {
    List<Finding> findings = new ArrayList<>();
    String leaf = "The certificate " + cert.leaf().subject();
    switch (cert.validity()) {
      case EXPIRED, NOT_YET_VALID ->
          findings.add(Finding.of(codes.expired(), subject, outOfDate(cert)));
      case VALID -> {
        if (cert.expiresWithin(expiryWarning)) {
          findings.add(
              Finding.of(
                  FindingCode.MX_CERT_EXPIRING_SOON,
                  subject,
                  leaf + " expires at " + cert.notAfter() + ", in " + cert.daysLeft() + " days."));
        }
      }
    }
    if (!cert.trusted()) {
      findings.add(
          Finding.of(
              codes.untrusted(),
              subject,
              leaf
                  + " (issuer "
                  + cert.leaf().issuer()
                  + ") is not trusted: "
                  + cert.trustDetail()
                  + "."));
    }
    if (!cert.nameMatches()) {
      findings.add(Finding.of(codes.nameMismatch(), subject, nameDetail(cert)));
    }
    return findings;
  }

  /**
   * Which certificate is out of its validity period, from the assessment's detail (e.g. "CN=x
   * expired at ..."): the leaf, or another certificate of the presented chain.
   */
  private static String outOfDate(CertificateAssessment cert) {
    String leafSubject = cert.leaf().subject();
    String detail = cert.validityDetail();
    if (detail.startsWith(leafSubject + " ")) {
      return "The certificate " + detail + ".";
    }
    return "The chain presented with the certificate "
        + leafSubject
        + " holds a certificate out of its validity period: "
        + detail
        + ".";
  }

  private static String nameDetail(CertificateAssessment cert) {
    String names =
        cert.leaf().dnsNames().isEmpty()
            ? "has no subjectAltName DNS names"
            : "names only " + String.join(", ", cert.leaf().dnsNames());
    String why =
        cert.nameMatch() == NameMatch.COMMON_NAME_ONLY
            ? "; only its subject CN matches, and senders match DNS names in subjectAltName only"
            : "";
    return "The certificate "
        + cert.leaf().subject()
        + " "
        + names
        + ", not "
        + cert.expectedHost()
        + why
        + ".";
  }
}
