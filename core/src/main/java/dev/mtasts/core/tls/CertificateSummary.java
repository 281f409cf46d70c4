package dev.mtasts.core.tls;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What a person needs to see of one certificate in a report.
 *
 * @param subject the subject DN (RFC 2253 form)
 * @param issuer the issuer DN (RFC 2253 form)
 * @param dnsNames the subjectAltName dNSName entries
 * @param serial the serial number in hex
 * @param sha256 the SHA-256 fingerprint of the DER encoding, hex
 */
public record CertificateSummary(
    String subject,
    String issuer,
    List<String> dnsNames,
    String serial,
    Instant notBefore,
    Instant notAfter,
    String sha256) {

  public CertificateSummary {
    dnsNames = List.copyOf(dnsNames);
  }

  public static CertificateSummary of(X509Certificate certificate) {
    return new CertificateSummary(
        certificate.getSubjectX500Principal().getName(),
        certificate.getIssuerX500Principal().getName(),
        CertificateNames.dnsNames(certificate),
        certificate.getSerialNumber().toString(16),
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        fingerprint(certificate));
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      return "";
    }
  }
}
