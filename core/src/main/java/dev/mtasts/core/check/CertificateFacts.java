package dev.mtasts.core.check;

import dev.mtasts.core.tls.CertificateAssessment;
import dev.mtasts.core.tls.CertificateAssessment.Validity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a report shows of a presented certificate.
 *
 * @param subject the leaf's subject DN
 * @param issuer the leaf's issuer DN
 * @param dnsNames the leaf's subjectAltName dNSName entries
 * @param notAfter when the presented chain stops being valid (its earliest notAfter)
 * @param daysLeft whole days until {@code notAfter}; negative once expired
 * @param validity whether every presented certificate is inside its validity period now
 * @param chainTrusted whether the chain leads to a trusted root, judged apart from the dates (an
 *     expired chain from a trusted CA is chain-trusted and {@link Validity#EXPIRED})
 * @param nameMatches whether a DNS-ID covers the expected host (RFC 8461 §3.3, §4.2)
 */
public record CertificateFacts(
    String subject,
    String issuer,
    List<String> dnsNames,
    Instant notAfter,
    long daysLeft,
    Validity validity,
    boolean chainTrusted,
    boolean nameMatches) {

  public CertificateFacts {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(validity, "validity");
    dnsNames = List.copyOf(dnsNames);
  }

  public static CertificateFacts of(CertificateAssessment assessment) {
    return new CertificateFacts(
        assessment.leaf().subject(),
        assessment.leaf().issuer(),
        assessment.leaf().dnsNames(),
        assessment.notAfter(),
        assessment.daysLeft(),
        assessment.validity(),
        assessment.trusted(),
        assessment.nameMatches());
  }
}
