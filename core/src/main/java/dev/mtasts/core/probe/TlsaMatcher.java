package dev.mtasts.core.probe;

import dev.mtasts.core.dns.TlsaRecord;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Matches DANE TLSA records against a presented chain (RFC 6698 §2.1, RFC 7671, RFC 7672 §3.1).
 * SMTP uses usages 3 (DANE-EE: the leaf, its names and dates ignored, RFC 7672 §3.1.1) and 2
 * (DANE-TA: a trust anchor certificate the server presents, RFC 7672 §3.1.2). Usages 0 and 1 are
 * "unusable" for SMTP (RFC 7672 §3.1.3), as are unknown selectors and matching types (RFC 7671 §4).
 *
 * <p>This reports which record matched which certificate; it does not validate the path from the
 * leaf to a DANE-TA certificate nor the name of the leaf, which DANE-TA also requires (RFC 7672
 * §3.2) and which {@code CertificateAssessment} reports.
 */
public final class TlsaMatcher {

  private TlsaMatcher() {}

  /**
   * One record that matched one certificate.
   *
   * @param certificateIndex 0 for the leaf, then the chain order as presented
   */
  public record Match(TlsaRecord record, int certificateIndex) {}

  /**
   * The outcome of matching.
   *
   * @param matches every (record, certificate) pair that matched
   * @param unusable records SMTP clients must ignore (RFC 7672 §3.1.3, RFC 7671 §4)
   * @param usable how many records were usable
   */
  public record Result(List<Match> matches, List<TlsaRecord> unusable, int usable) {
    public Result {
      matches = List.copyOf(matches);
      unusable = List.copyOf(unusable);
    }

    /**
     * RFC 7672 §2.2: with no usable records, DANE does not apply (authentication is opportunistic).
     */
    public boolean anyUsable() {
      return usable > 0;
    }

    public boolean anyMatch() {
      return !matches.isEmpty();
    }
  }

  public static Result match(List<TlsaRecord> records, List<X509Certificate> chain) {
    List<Match> matches = new ArrayList<>();
    List<TlsaRecord> unusable = new ArrayList<>();
    for (TlsaRecord record : records) {
      if (!usable(record)) {
        unusable.add(record);
        continue;
      }
      // DANE-EE matches the leaf only; DANE-TA any certificate above it (RFC 7671 §5.1, §5.2).
      int from = record.usage() == 3 ? 0 : 1;
      int to = record.usage() == 3 ? Math.min(1, chain.size()) : chain.size();
      for (int i = from; i < to; i++) {
        if (matches(record, chain.get(i))) {
          matches.add(new Match(record, i));
        }
      }
    }
    return new Result(matches, unusable, records.size() - unusable.size());
  }

  private static boolean usable(TlsaRecord record) {
    return (record.usage() == 2 || record.usage() == 3)
        && (record.selector() == 0 || record.selector() == 1)
        && record.matchingType() >= 0
        && record.matchingType() <= 2;
  }

  private static boolean matches(TlsaRecord record, X509Certificate certificate) {
    try {
      return MessageDigest.isEqual(
          associationData(certificate, record.selector(), record.matchingType()), record.data());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * The certificate association data a TLSA record with this selector and matching type needs to
   * match {@code certificate} (RFC 6698 §2.1.2, §2.1.3); labs use it to publish records.
   *
   * @throws IllegalArgumentException for a selector other than 0/1 or matching type other than
   *     0/1/2
   */
  public static byte[] associationData(X509Certificate certificate, int selector, int matchingType)
      throws GeneralSecurityException {
    byte[] selected =
        switch (selector) {
          case 0 -> certificate.getEncoded();
          case 1 -> certificate.getPublicKey().getEncoded();
          default -> throw new IllegalArgumentException("unknown TLSA selector " + selector);
        };
    return switch (matchingType) {
      case 0 -> selected;
      case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
      case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
      default -> throw new IllegalArgumentException("unknown TLSA matching type " + matchingType);
    };
  }
}
