package dev.mtasts.core.tls;

import dev.mtasts.core.tls.CertificateAssessment.Trust;
import dev.mtasts.core.tls.CertificateAssessment.Validity;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Judges a presented chain: trust (PKIX path building from the leaf through the presented
 * certificates to a {@link TrustAnchors} root, revocation off, RFC 5280 §6), name (RFC 6125 via
 * {@link CertificateNames}) and validity, each separately and at the clock's time.
 *
 * <p>Trust is judged independently of time: when the only PKIX complaint is an expired or not yet
 * valid certificate, the path is built again at an instant inside every presented certificate's
 * validity, so "expired" and "untrusted" are separate facts.
 */
public final class CertificateAssessor {

  private CertificateAssessor() {}

  /**
   * Assesses {@code presentedChain} (leaf first, as the server sent it) for {@code expectedHost}.
   *
   * @throws IllegalArgumentException if the chain is empty (a TLS handshake always yields one)
   */
  public static CertificateAssessment assess(
      List<X509Certificate> presentedChain,
      String expectedHost,
      TrustAnchors anchors,
      Clock clock) {
    if (presentedChain.isEmpty()) {
      throw new IllegalArgumentException("no certificate presented");
    }
    Instant now = clock.instant();
    X509Certificate leaf = presentedChain.getFirst();
    Instant notAfter =
        presentedChain.stream()
            .map(c -> c.getNotAfter().toInstant())
            .min(Instant::compareTo)
            .orElseThrow();
    ValidityFact validity = validity(presentedChain, now);
    Optional<String> trustProblem =
        buildPath(presentedChain, anchors, trustInstant(presentedChain, now));
    Trust trust = trustProblem.isEmpty() ? Trust.TRUSTED : diagnose(presentedChain, anchors);
    String trustDetail =
        trustProblem.map(p -> explain(trust, presentedChain, anchors, p)).orElse("");
    return new CertificateAssessment(
        expectedHost,
        trust,
        trustDetail,
        CertificateNames.match(leaf, expectedHost),
        validity.validity(),
        validity.detail(),
        notAfter,
        now,
        CertificateSummary.of(leaf),
        presentedChain.size());
  }

  private record ValidityFact(Validity validity, String detail) {}

  private static ValidityFact validity(List<X509Certificate> chain, Instant now) {
    for (X509Certificate c : chain) {
      if (now.isAfter(c.getNotAfter().toInstant())) {
        return new ValidityFact(
            Validity.EXPIRED, name(c) + " expired at " + c.getNotAfter().toInstant());
      }
      if (now.isBefore(c.getNotBefore().toInstant())) {
        return new ValidityFact(
            Validity.NOT_YET_VALID,
            name(c) + " is not valid before " + c.getNotBefore().toInstant());
      }
    }
    return new ValidityFact(Validity.VALID, "");
  }

  /**
   * The instant at which to judge trust: now, or, when some presented certificate is outside its
   * validity now, the latest notBefore of the chain (inside every period if they overlap), so that
   * time problems are reported as validity, not as trust.
   */
  private static Instant trustInstant(List<X509Certificate> chain, Instant now) {
    boolean allValidNow =
        chain.stream()
            .allMatch(
                c ->
                    !now.isBefore(c.getNotBefore().toInstant())
                        && !now.isAfter(c.getNotAfter().toInstant()));
    if (allValidNow) {
      return now;
    }
    return chain.stream()
        .map(c -> c.getNotBefore().toInstant())
        .max(Instant::compareTo)
        .orElse(now);
  }

  /** Builds a PKIX path at {@code at}; empty when one exists, else the builder's complaint. */
  private static Optional<String> buildPath(
      List<X509Certificate> chain, TrustAnchors anchors, Instant at) {
    if (anchors.anchors().isEmpty()) {
      return Optional.of("no trust anchors configured");
    }
    if (anchors.certificates().contains(chain.getFirst())) {
      return Optional.empty(); // the leaf itself is trusted (pinned in the CA file)
    }
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(chain.getFirst());
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors.anchors(), target);
      parameters.setRevocationEnabled(false); // RFC 8461 §3.3: revocation checking is optional
      parameters.setDate(Date.from(at));
      parameters.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
      CertPathBuilder.getInstance("PKIX").build(parameters);
      return Optional.empty();
    } catch (CertPathBuilderException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    } catch (InvalidAlgorithmParameterException e) {
      return Optional.of("invalid validation parameters: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      return Optional.of("PKIX is not available: " + e.getMessage());
    }
  }

  /**
   * Walks the presented chain from the leaf, issuer by issuer, to say why no path was built: a bad
   * signature, a self-signed leaf, an issuer that is nowhere to be found, or (having reached an
   * anchor) another PKIX rule.
   */
  private static Trust diagnose(List<X509Certificate> chain, TrustAnchors anchors) {
    X509Certificate current = chain.getFirst();
    List<X509Certificate> remaining = new ArrayList<>(chain.subList(1, chain.size()));
    for (int step = 0; step <= chain.size(); step++) {
      Optional<X509Certificate> anchor = issuerAmong(current, anchors.certificates());
      if (anchor.isPresent()) {
        return verifies(current, anchor.get().getPublicKey())
            ? Trust.INVALID_CHAIN
            : Trust.INVALID_SIGNATURE;
      }
      if (selfIssued(current)) {
        return step == 0 ? Trust.SELF_SIGNED : Trust.UNKNOWN_ISSUER;
      }
      Optional<X509Certificate> issuer = issuerAmong(current, remaining);
      if (issuer.isEmpty()) {
        return Trust.UNKNOWN_ISSUER;
      }
      if (!verifies(current, issuer.get().getPublicKey())) {
        return Trust.INVALID_SIGNATURE;
      }
      remaining.remove(issuer.get());
      current = issuer.get();
    }
    return Trust.INVALID_CHAIN;
  }

  private static String explain(
      Trust trust, List<X509Certificate> chain, TrustAnchors anchors, String pkixMessage) {
    X509Certificate top = chain.getLast();
    return switch (trust) {
      case SELF_SIGNED -> "the certificate is self-signed and not a trusted root";
      case UNKNOWN_ISSUER ->
          selfIssued(top) && chain.size() > 1
              ? "the chain ends at root " + name(top) + ", which is not trusted"
              : "issuer "
                  + top.getIssuerX500Principal().getName()
                  + " is neither presented nor trusted (unknown CA or missing intermediate)";
      case INVALID_SIGNATURE -> "a signature in the chain does not verify with its issuer's key";
      case INVALID_CHAIN -> "the chain breaks a PKIX rule: " + pkixMessage;
      case TRUSTED -> "";
    };
  }

  private static Optional<X509Certificate> issuerAmong(
      X509Certificate certificate, List<X509Certificate> candidates) {
    return candidates.stream()
        .filter(c -> c.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()))
        .filter(c -> !c.equals(certificate))
        .findFirst();
  }

  private static boolean selfIssued(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
  }

  private static boolean verifies(X509Certificate certificate, PublicKey key) {
    try {
      certificate.verify(key);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String name(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }
}
