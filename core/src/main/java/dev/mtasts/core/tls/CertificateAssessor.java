package dev.mtasts.core.tls;

import dev.mtasts.core.tls.CertificateAssessment.Trust;
import dev.mtasts.core.tls.CertificateAssessment.Validity;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathBuilderResult;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Judges a presented chain: trust (PKIX path building from the leaf through the presented
 * certificates to a {@link TrustAnchors} root, revocation off, RFC 5280 §6), fitness for TLS server
 * authentication (key usage), name (RFC 6125 DNS-IDs via {@link CertificateNames}) and validity,
 * each separately and at the clock's time.
 *
 * <p>Only the path built to a trusted root counts. Servers often send more than that path (a stale
 * cross-sign, an old intermediate): such extra certificates are neither trusted nor judged for
 * their dates, as a sender's PKIX validation ignores them (RFC 5280 §6.1).
 *
 * <p>Trust is judged independently of time: when no path is valid now, paths are built again at
 * instants inside the presented certificates' validity periods, so "expired" and "untrusted" are
 * separate facts; the validity is then that of the path built.
 */
public final class CertificateAssessor {

  /** RFC 5280 §4.2.1.12: id-kp-serverAuth. */
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  /** RFC 5280 §4.2.1.12: anyExtendedKeyUsage. */
  private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

  // RFC 5280 §4.2.1.3: positions in the keyUsage bit string.
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_ENCIPHERMENT = 2;

  /** Certificates beyond this many are not used to look for validity instants (hostile chains). */
  private static final int MAX_TIME_CANDIDATES = 10;

  private CertificateAssessor() {}

  /**
   * How the server's key is used in the handshake, which decides the key usage it needs (RFC 5280
   * §4.2.1.3, RFC 8446 §4.4.2.2, RFC 5246 §7.4.2).
   */
  public enum KeyExchange {
    /** TLS 1.3 and every (EC)DHE suite: the server signs, its key needs digitalSignature. */
    SIGNED,
    /** TLS 1.2 RSA key transport ({@code TLS_RSA_WITH_*}): needs keyEncipherment. */
    RSA_KEY_TRANSPORT;

    /** The key exchange of a negotiated cipher suite (JDK/IANA name). */
    public static KeyExchange of(String cipherSuite) {
      return cipherSuite != null && cipherSuite.startsWith("TLS_RSA_WITH_")
          ? RSA_KEY_TRANSPORT
          : SIGNED;
    }
  }

  /**
   * Assesses {@code presentedChain} (leaf first, as the server sent it) for {@code expectedHost},
   * for a server that signs its handshake (TLS 1.3, ECDHE).
   *
   * @throws IllegalArgumentException if the chain is empty (a TLS handshake always yields one)
   */
  public static CertificateAssessment assess(
      List<X509Certificate> presentedChain,
      String expectedHost,
      TrustAnchors anchors,
      Clock clock) {
    return assess(presentedChain, expectedHost, anchors, clock, KeyExchange.SIGNED);
  }

  /**
   * Assesses {@code presentedChain} (leaf first, as the server sent it) for {@code expectedHost}
   * and a handshake whose key exchange is {@code keyExchange}.
   *
   * @throws IllegalArgumentException if the chain is empty (a TLS handshake always yields one)
   */
  public static CertificateAssessment assess(
      List<X509Certificate> presentedChain,
      String expectedHost,
      TrustAnchors anchors,
      Clock clock,
      KeyExchange keyExchange) {
    if (presentedChain.isEmpty()) {
      throw new IllegalArgumentException("no certificate presented");
    }
    Instant now = clock.instant();
    X509Certificate leaf = presentedChain.getFirst();
    PathSearch search = searchPath(presentedChain, anchors, now);
    Trust trust;
    String trustDetail;
    List<X509Certificate> judged;
    if (search.path().isPresent()) {
      judged = search.path().get();
      Optional<String> misuse = keyUsageProblem(leaf, keyExchange);
      trust = misuse.isEmpty() ? Trust.TRUSTED : Trust.NOT_FOR_SERVER_AUTH;
      trustDetail = misuse.orElse("");
    } else {
      judged = issuerWalk(presentedChain);
      trust = diagnose(presentedChain, anchors);
      trustDetail = explain(trust, presentedChain, search.problem());
    }
    Instant notAfter =
        judged.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
    ValidityFact validity = validity(judged, now);
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
   * The certificates of a path to an anchor (leaf first, anchor excluded), or the builder's
   * complaint at {@code now} when there is none at any instant.
   */
  private record PathSearch(Optional<List<X509Certificate>> path, String problem) {}

  /**
   * A path valid now; else a path valid at some instant inside the presented certificates' validity
   * periods (nearest to now first), so that dates do not hide trust.
   */
  private static PathSearch searchPath(
      List<X509Certificate> chain, TrustAnchors anchors, Instant now) {
    Built atNow = buildPath(chain, anchors, now);
    if (atNow.path().isPresent()) {
      return new PathSearch(atNow.path(), "");
    }
    for (Instant at : timeCandidates(chain, now)) {
      Built built = buildPath(chain, anchors, at);
      if (built.path().isPresent()) {
        return new PathSearch(built.path(), "");
      }
    }
    return new PathSearch(Optional.empty(), atNow.problem());
  }

  /**
   * The bounds of each presented certificate's validity period (both inside it, RFC 5280 §4.1.2.5),
   * nearest to {@code now} first: a path that is valid apart from its dates is valid at one of
   * them, the latest notBefore or the earliest notAfter of its certificates.
   */
  private static List<Instant> timeCandidates(List<X509Certificate> chain, Instant now) {
    return chain.stream()
        .limit(MAX_TIME_CANDIDATES)
        .flatMap(c -> Stream.of(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()))
        .filter(at -> !at.equals(now))
        .distinct()
        .sorted(java.util.Comparator.comparing((Instant at) -> Duration.between(at, now).abs()))
        .toList();
  }

  private record Built(Optional<List<X509Certificate>> path, String problem) {}

  /** Builds a PKIX path at {@code at}: its certificates, else the builder's complaint. */
  private static Built buildPath(List<X509Certificate> chain, TrustAnchors anchors, Instant at) {
    if (anchors.anchors().isEmpty()) {
      return new Built(Optional.empty(), "no trust anchors configured");
    }
    X509Certificate leaf = chain.getFirst();
    if (anchors.certificates().contains(leaf)) {
      // The leaf itself is trusted (pinned in the CA file).
      return new Built(Optional.of(List.of(leaf)), "");
    }
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(leaf);
      PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors.anchors(), target);
      parameters.setRevocationEnabled(false); // RFC 8461 §3.3: revocation checking is optional
      parameters.setDate(Date.from(at));
      parameters.addCertStore(
          CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
      CertPathBuilderResult result = CertPathBuilder.getInstance("PKIX").build(parameters);
      List<X509Certificate> path =
          result.getCertPath().getCertificates().stream().map(X509Certificate.class::cast).toList();
      return new Built(Optional.of(path), "");
    } catch (CertPathBuilderException e) {
      return new Built(Optional.empty(), String.valueOf(e.getMessage()));
    } catch (InvalidAlgorithmParameterException e) {
      return new Built(Optional.empty(), "invalid validation parameters: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      return new Built(Optional.empty(), "PKIX is not available: " + e.getMessage());
    }
  }

  /**
   * Whether the leaf may authenticate a TLS server: an extended key usage, when present, names
   * serverAuth (or any purpose), RFC 5280 §4.2.1.12; a key usage, when present, allows what the key
   * exchange does with the key, RFC 5280 §4.2.1.3.
   */
  private static Optional<String> keyUsageProblem(X509Certificate leaf, KeyExchange keyExchange) {
    List<String> extended;
    try {
      extended = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      return Optional.of("its extended key usage cannot be read (" + e.getMessage() + ")");
    }
    if (extended != null
        && !extended.contains(SERVER_AUTH)
        && !extended.contains(ANY_EXTENDED_KEY_USAGE)) {
      return Optional.of(
          "its extended key usage "
              + extended
              + " does not include serverAuth ("
              + SERVER_AUTH
              + "), so it may not identify a TLS server (RFC 5280 §4.2.1.12)");
    }
    boolean[] usage = leaf.getKeyUsage();
    if (usage == null) {
      return Optional.empty();
    }
    int needed = keyExchange == KeyExchange.SIGNED ? DIGITAL_SIGNATURE : KEY_ENCIPHERMENT;
    if (usage.length > needed && usage[needed]) {
      return Optional.empty();
    }
    return Optional.of(
        "its key usage lacks "
            + (keyExchange == KeyExchange.SIGNED ? "digitalSignature" : "keyEncipherment")
            + ", which the TLS handshake needs (RFC 5280 §4.2.1.3)");
  }

  /**
   * The leaf and the presented certificates that issued it, issuer by issuer (name and signature),
   * as far as the presented chain goes: the path a sender would try when none reaches an anchor.
   */
  private static List<X509Certificate> issuerWalk(List<X509Certificate> chain) {
    List<X509Certificate> walk = new ArrayList<>();
    X509Certificate current = chain.getFirst();
    List<X509Certificate> remaining = new ArrayList<>(chain.subList(1, chain.size()));
    walk.add(current);
    while (!selfIssued(current)) {
      X509Certificate subject = current;
      Optional<X509Certificate> issuer =
          issuerAmong(subject, remaining).filter(i -> verifies(subject, i.getPublicKey()));
      if (issuer.isEmpty()) {
        break;
      }
      remaining.remove(issuer.get());
      current = issuer.get();
      walk.add(current);
    }
    return List.copyOf(walk);
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

  private static String explain(Trust trust, List<X509Certificate> chain, String pkixMessage) {
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
      case TRUSTED, NOT_FOR_SERVER_AUTH -> "";
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
