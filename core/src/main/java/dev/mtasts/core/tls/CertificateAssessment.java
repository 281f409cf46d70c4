package dev.mtasts.core.tls;

import dev.mtasts.core.tls.CertificateNames.NameMatch;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Facts about a presented certificate chain, each judged on its own (RFC 8461 §3.3, §4.2): whether
 * it leads to a trusted root and may authenticate a TLS server, whether it names the expected host
 * by a DNS-ID, whether the path is inside its validity period at the assessment time. A chain can
 * fail all three at once.
 *
 * @param expectedHost the host name the certificate should cover
 * @param trust whether the chain leads to a trust anchor, or why not
 * @param trustDetail what went wrong with the chain, empty when trusted
 * @param nameMatch which identifier covers {@code expectedHost}
 * @param validity whether every certificate of the path built to the trust anchor (or, without one,
 *     of the leaf's presented issuers) is valid at {@code assessedAt}; other presented certificates
 *     (a stale cross-sign) do not count
 * @param validityDetail which certificate is out of its validity period, empty when valid
 * @param notAfter the earliest notAfter of that path: when it stops working
 * @param assessedAt the clock time of the assessment
 * @param leaf the presented end-entity certificate
 * @param chainLength how many certificates the server presented
 */
public record CertificateAssessment(
    String expectedHost,
    Trust trust,
    String trustDetail,
    NameMatch nameMatch,
    Validity validity,
    String validityDetail,
    Instant notAfter,
    Instant assessedAt,
    CertificateSummary leaf,
    int chainLength) {

  public CertificateAssessment {
    Objects.requireNonNull(expectedHost, "expectedHost");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(nameMatch, "nameMatch");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(assessedAt, "assessedAt");
    Objects.requireNonNull(leaf, "leaf");
    trustDetail = trustDetail == null ? "" : trustDetail;
    validityDetail = validityDetail == null ? "" : validityDetail;
  }

  /** Whether the chain leads to a trust anchor, or why not. */
  public enum Trust {
    TRUSTED,
    /** The leaf signs itself and is not a trust anchor. */
    SELF_SIGNED,
    /**
     * The chain ends at an issuer that is neither presented nor trusted: an unknown CA, an
     * untrusted private root, or a missing intermediate.
     */
    UNKNOWN_ISSUER,
    /** A signature in the chain does not verify with its issuer's key. */
    INVALID_SIGNATURE,
    /**
     * The chain reaches a trust anchor but breaks a PKIX rule (CA flag, key usage, path length).
     */
    INVALID_CHAIN,
    /**
     * The chain reaches a trust anchor, but the leaf's (extended) key usage does not allow TLS
     * server authentication (RFC 5280 §4.2.1.3, §4.2.1.12).
     */
    NOT_FOR_SERVER_AUTH
  }

  /** Whether the presented certificates are inside their validity periods. */
  public enum Validity {
    VALID,
    EXPIRED,
    NOT_YET_VALID
  }

  public boolean trusted() {
    return trust == Trust.TRUSTED;
  }

  /** RFC 8461 §3.3: matching is performed only against DNS-IDs, so a CN-only match is no match. */
  public boolean nameMatches() {
    return nameMatch == NameMatch.SUBJECT_ALT_NAME;
  }

  public boolean timeValid() {
    return validity == Validity.VALID;
  }

  /** What an RFC 8461 sender requires: trusted, named by a DNS-ID, not expired. */
  public boolean acceptable() {
    return trusted() && nameMatches() && timeValid();
  }

  /** Whole days from the assessment to {@link #notAfter()}; negative once expired. */
  public long daysLeft() {
    return Math.floorDiv(Duration.between(assessedAt, notAfter).toSeconds(), 86_400L);
  }

  /** True when the chain is valid now but stops being valid within {@code window}. */
  public boolean expiresWithin(Duration window) {
    return timeValid() && !notAfter.isAfter(assessedAt.plus(window));
  }
}
