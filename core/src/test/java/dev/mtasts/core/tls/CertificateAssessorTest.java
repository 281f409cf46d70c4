package dev.mtasts.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Authority;
import dev.mtasts.core.testing.TestCertificates.Issued;
import dev.mtasts.core.testing.TestCertificates.Leaf;
import dev.mtasts.core.tls.CertificateAssessment.Trust;
import dev.mtasts.core.tls.CertificateAssessment.Validity;
import dev.mtasts.core.tls.CertificateNames.NameMatch;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class CertificateAssessorTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String HOST = "mta-sts.example.com";

  private static final Authority ROOT = TestCertificates.rootCa("Assessor Root", NOW);
  private static final Authority INTERMEDIATE = ROOT.intermediate("Assessor Intermediate");
  private static final TrustAnchors ANCHORS = TrustAnchors.of(List.of(ROOT.certificate()));

  private static CertificateAssessment assess(Issued issued) {
    return CertificateAssessor.assess(issued.chain(), HOST, ANCHORS, CLOCK);
  }

  @Test
  void validChainIsAcceptable() {
    CertificateAssessment a = assess(INTERMEDIATE.issue(HOST));
    assertThat(a.trust()).isEqualTo(Trust.TRUSTED);
    assertThat(a.nameMatch()).isEqualTo(NameMatch.SUBJECT_ALT_NAME);
    assertThat(a.validity()).isEqualTo(Validity.VALID);
    assertThat(a.acceptable()).isTrue();
    assertThat(a.chainLength()).isEqualTo(2);
    assertThat(a.leaf().dnsNames()).containsExactly(HOST);
    assertThat(a.leaf().issuer()).contains("Assessor Intermediate");
    assertThat(a.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThat(a.daysLeft()).isEqualTo(90);
    assertThat(a.expiresWithin(Duration.ofDays(14))).isFalse();
  }

  @Test
  void wildcardCertificateCoversThePolicyHost() {
    CertificateAssessment a = assess(INTERMEDIATE.issue("*.example.com"));
    assertThat(a.acceptable()).isTrue();
  }

  @Test
  void leafSignedDirectlyByRootIsTrusted() {
    assertThat(assess(ROOT.issue(HOST)).trust()).isEqualTo(Trust.TRUSTED);
  }

  @Test
  void expiredIsReportedAsValidityNotTrust() {
    CertificateAssessment a = assess(INTERMEDIATE.issue(Leaf.forNames(HOST).expiredAt(NOW)));
    assertThat(a.validity()).isEqualTo(Validity.EXPIRED);
    assertThat(a.validityDetail()).contains("expired at");
    assertThat(a.trust()).isEqualTo(Trust.TRUSTED);
    assertThat(a.daysLeft()).isNegative();
    assertThat(a.acceptable()).isFalse();
  }

  @Test
  void notYetValid() {
    CertificateAssessment a = assess(INTERMEDIATE.issue(Leaf.forNames(HOST).notYetValidAt(NOW)));
    assertThat(a.validity()).isEqualTo(Validity.NOT_YET_VALID);
    assertThat(a.trust()).isEqualTo(Trust.TRUSTED);
    assertThat(a.acceptable()).isFalse();
  }

  @Test
  void expiringSoonIsStillValid() {
    CertificateAssessment a =
        assess(
            INTERMEDIATE.issue(
                Leaf.forNames(HOST)
                    .validBetween(NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(3)))));
    assertThat(a.timeValid()).isTrue();
    assertThat(a.daysLeft()).isEqualTo(3);
    assertThat(a.expiresWithin(Duration.ofDays(14))).isTrue();
  }

  @Test
  void wrongNameIsReportedAlone() {
    CertificateAssessment a = assess(INTERMEDIATE.issue("www.example.com"));
    assertThat(a.nameMatch()).isEqualTo(NameMatch.NONE);
    assertThat(a.trusted()).isTrue();
    assertThat(a.timeValid()).isTrue();
    assertThat(a.acceptable()).isFalse();
  }

  @Test
  void commonNameOnlyIsNotEnoughForMtaSts() {
    CertificateAssessment a = assess(INTERMEDIATE.issue(Leaf.commonNameOnly(HOST)));
    assertThat(a.nameMatch()).isEqualTo(NameMatch.COMMON_NAME_ONLY);
    assertThat(a.nameMatches()).isFalse();
    assertThat(a.acceptable()).isFalse();
  }

  @Test
  void selfSigned() {
    CertificateAssessment a = assess(TestCertificates.selfSigned(Leaf.forNames(HOST), NOW));
    assertThat(a.trust()).isEqualTo(Trust.SELF_SIGNED);
    assertThat(a.trustDetail()).contains("self-signed");
    assertThat(a.nameMatches()).isTrue();
  }

  @Test
  void missingIntermediateIsUnknownIssuer() {
    CertificateAssessment a = assess(INTERMEDIATE.issue(HOST).withoutIntermediates());
    assertThat(a.trust()).isEqualTo(Trust.UNKNOWN_ISSUER);
    assertThat(a.trustDetail()).contains("missing intermediate").contains("Assessor Intermediate");
  }

  @Test
  void unknownCa() {
    Authority other = TestCertificates.rootCa("Other Root", NOW);
    CertificateAssessment a = assess(other.issue(HOST));
    assertThat(a.trust()).isEqualTo(Trust.UNKNOWN_ISSUER);
  }

  @Test
  void untrustedRootPresentedInChain() {
    Authority other = TestCertificates.rootCa("Other Root", NOW);
    Issued leaf = other.issue(HOST);
    List<X509Certificate> chain = List.of(leaf.certificate(), other.certificate());
    CertificateAssessment a = CertificateAssessor.assess(chain, HOST, ANCHORS, CLOCK);
    assertThat(a.trust()).isEqualTo(Trust.UNKNOWN_ISSUER);
    assertThat(a.trustDetail()).contains("ends at root").contains("Other Root");
  }

  @Test
  void forgedIssuerNameIsInvalidSignature() {
    // A CA with the same name as the real intermediate, but another key.
    Authority impostor =
        TestCertificates.rootCa("Impostor", NOW).intermediate("Assessor Intermediate");
    Issued forged = impostor.issue(HOST);
    List<X509Certificate> chain = List.of(forged.certificate(), INTERMEDIATE.certificate());
    CertificateAssessment a = CertificateAssessor.assess(chain, HOST, ANCHORS, CLOCK);
    assertThat(a.trust()).isEqualTo(Trust.INVALID_SIGNATURE);
  }

  @Test
  void leafUsedAsCaBreaksPkixRules() {
    // A leaf (CA=false) "issuing" another leaf: the chain reaches the root but is not valid.
    Issued notACa = ROOT.issue(Leaf.forNames("Not A CA"));
    Authority fake =
        new Authority(
            notACa.certificate(),
            new java.security.KeyPair(notACa.certificate().getPublicKey(), notACa.key()),
            List.of(),
            NOW);
    Issued leaf = fake.issue(HOST);
    List<X509Certificate> chain = List.of(leaf.certificate(), notACa.certificate());
    CertificateAssessment a = CertificateAssessor.assess(chain, HOST, ANCHORS, CLOCK);
    assertThat(a.trust()).isEqualTo(Trust.INVALID_CHAIN);
  }

  @Test
  void everyProblemOfOneCertificateIsReported() {
    Issued bad =
        TestCertificates.selfSigned(Leaf.forNames("other.example.net").expiredAt(NOW), NOW);
    CertificateAssessment a = assess(bad);
    assertThat(a.trust()).isEqualTo(Trust.SELF_SIGNED);
    assertThat(a.nameMatch()).isEqualTo(NameMatch.NONE);
    assertThat(a.validity()).isEqualTo(Validity.EXPIRED);
  }

  @Test
  void expiredAndMissingIntermediate() {
    Issued bad = INTERMEDIATE.issue(Leaf.forNames(HOST).expiredAt(NOW)).withoutIntermediates();
    CertificateAssessment a = assess(bad);
    assertThat(a.trust()).isEqualTo(Trust.UNKNOWN_ISSUER);
    assertThat(a.validity()).isEqualTo(Validity.EXPIRED);
  }

  @Test
  void expiredIntermediateMakesTheChainExpired() {
    Authority oldRoot = TestCertificates.rootCa("Old Root", NOW.minus(Duration.ofDays(3000)));
    Authority oldIntermediate =
        oldRoot.intermediate("Old Intermediate"); // 5 years from 3000 days ago
    Issued leaf =
        oldIntermediate.issue(
            Leaf.forNames(HOST)
                .validBetween(NOW.minus(Duration.ofDays(2000)), NOW.plus(Duration.ofDays(30))));
    CertificateAssessment a =
        CertificateAssessor.assess(
            leaf.chain(), HOST, TrustAnchors.of(List.of(oldRoot.certificate())), CLOCK);
    assertThat(a.validity()).isEqualTo(Validity.EXPIRED);
    assertThat(a.validityDetail()).contains("Old Intermediate");
    assertThat(a.trust()).isEqualTo(Trust.TRUSTED);
  }

  @Test
  void noAnchorsTrustNothing() {
    CertificateAssessment a =
        CertificateAssessor.assess(
            INTERMEDIATE.issue(HOST).chain(), HOST, TrustAnchors.of(List.of()), CLOCK);
    assertThat(a.trusted()).isFalse();
  }

  @Test
  void chainPresentedOutOfOrderWithRootIsStillTrusted() {
    Authority second = INTERMEDIATE.intermediate("Second Intermediate");
    Issued leaf = second.issue(HOST);
    List<X509Certificate> shuffled = new ArrayList<>(leaf.chain());
    shuffled.add(ROOT.certificate());
    java.util.Collections.swap(shuffled, 1, 2);
    CertificateAssessment a = CertificateAssessor.assess(shuffled, HOST, ANCHORS, CLOCK);
    assertThat(a.trust()).isEqualTo(Trust.TRUSTED);
  }

  // ---- only the path built to a trusted root counts

  /** ROOT certified by an old root until twelve hours ago: a stale cross-sign. */
  private static final Authority OLD_ROOT =
      TestCertificates.rootCa("Old Root", NOW.minus(Duration.ofDays(3000)));

  private static final X509Certificate STALE_CROSS_SIGN =
      ROOT.crossSignedBy(
          OLD_ROOT, NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofHours(12)));

  private static List<X509Certificate> withStaleCrossSign(Issued issued) {
    List<X509Certificate> bundle = new ArrayList<>(issued.chain());
    bundle.add(STALE_CROSS_SIGN);
    return bundle;
  }

  @Test
  void staleCrossSignOffThePathDoesNotCount() {
    CertificateAssessment a =
        CertificateAssessor.assess(
            withStaleCrossSign(INTERMEDIATE.issue(HOST)), HOST, ANCHORS, CLOCK);
    assertThat(a.validity()).as(a.validityDetail()).isEqualTo(Validity.VALID);
    assertThat(a.trust()).isEqualTo(Trust.TRUSTED);
    assertThat(a.acceptable()).isTrue();
    assertThat(a.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThat(a.chainLength()).isEqualTo(3);
  }

  @Test
  void staleCrossSignIsIgnoredWhenBothRootsAreTrusted() {
    TrustAnchors both = TrustAnchors.of(List.of(ROOT.certificate(), OLD_ROOT.certificate()));
    CertificateAssessment a =
        CertificateAssessor.assess(withStaleCrossSign(INTERMEDIATE.issue(HOST)), HOST, both, CLOCK);
    assertThat(a.acceptable()).as(a.validityDetail()).isTrue();
  }

  @Test
  void expiredCrossSignOnTheOnlyPathMakesTheChainExpired() {
    TrustAnchors onlyOld = TrustAnchors.of(List.of(OLD_ROOT.certificate()));
    CertificateAssessment a =
        CertificateAssessor.assess(
            withStaleCrossSign(INTERMEDIATE.issue(HOST)), HOST, onlyOld, CLOCK);
    assertThat(a.trust()).isEqualTo(Trust.TRUSTED);
    assertThat(a.validity()).isEqualTo(Validity.EXPIRED);
    assertThat(a.validityDetail()).contains("Assessor Root");
    assertThat(a.notAfter()).isEqualTo(NOW.minus(Duration.ofHours(12)));
    assertThat(a.acceptable()).isFalse();
  }

  @Test
  void expiredCertificateOutsideTheIssuerWalkDoesNotCountWhenUntrusted() {
    // No path to a trusted root: only the leaf and its presented issuers are judged for dates.
    Issued unknown =
        TestCertificates.rootCa("Unknown Root", NOW).intermediate("Unknown CA").issue(HOST);
    List<X509Certificate> bundle = new ArrayList<>(unknown.chain());
    bundle.add(STALE_CROSS_SIGN);
    CertificateAssessment a = CertificateAssessor.assess(bundle, HOST, ANCHORS, CLOCK);
    assertThat(a.trust()).isEqualTo(Trust.UNKNOWN_ISSUER);
    assertThat(a.validity()).isEqualTo(Validity.VALID);
  }

  // ---- key usage for TLS server authentication (RFC 5280 §4.2.1.3, §4.2.1.12)

  private static CertificateAssessment assess(Leaf leaf, CertificateAssessor.KeyExchange kx) {
    return CertificateAssessor.assess(INTERMEDIATE.issue(leaf).chain(), HOST, ANCHORS, CLOCK, kx);
  }

  @Test
  void clientAuthOnlyIsNotForServers() {
    CertificateAssessment a =
        assess(
            Leaf.forNames(HOST).withExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth),
            CertificateAssessor.KeyExchange.SIGNED);
    assertThat(a.trust()).isEqualTo(Trust.NOT_FOR_SERVER_AUTH);
    assertThat(a.trustDetail()).contains("serverAuth");
    assertThat(a.acceptable()).isFalse();
  }

  @Test
  void emailProtectionAndCodeSigningAreNotForServers() {
    CertificateAssessment a =
        assess(
            Leaf.forNames(HOST)
                .withExtendedKeyUsage(
                    KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_codeSigning),
            CertificateAssessor.KeyExchange.SIGNED);
    assertThat(a.acceptable()).isFalse();
  }

  @Test
  void serverAuthAmongOtherPurposesIsAccepted() {
    CertificateAssessment a =
        assess(
            Leaf.forNames(HOST)
                .withExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth),
            CertificateAssessor.KeyExchange.SIGNED);
    assertThat(a.acceptable()).isTrue();
  }

  @Test
  void anyExtendedKeyUsageIsAccepted() {
    CertificateAssessment a =
        assess(
            Leaf.forNames(HOST).withExtendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage),
            CertificateAssessor.KeyExchange.SIGNED);
    assertThat(a.acceptable()).isTrue();
  }

  @Test
  void signingHandshakeNeedsDigitalSignature() {
    CertificateAssessment a =
        assess(
            Leaf.forNames(HOST).withKeyUsage(KeyUsage.keyEncipherment),
            CertificateAssessor.KeyExchange.SIGNED);
    assertThat(a.trust()).isEqualTo(Trust.NOT_FOR_SERVER_AUTH);
    assertThat(a.trustDetail()).contains("digitalSignature");
  }

  @Test
  void rsaKeyTransportNeedsKeyEncipherment() {
    Leaf signOnly = Leaf.forNames(HOST).withRsaKey().withKeyUsage(KeyUsage.digitalSignature);
    assertThat(assess(signOnly, CertificateAssessor.KeyExchange.RSA_KEY_TRANSPORT).trust())
        .isEqualTo(Trust.NOT_FOR_SERVER_AUTH);
    Leaf encipherOnly = Leaf.forNames(HOST).withRsaKey().withKeyUsage(KeyUsage.keyEncipherment);
    assertThat(assess(encipherOnly, CertificateAssessor.KeyExchange.RSA_KEY_TRANSPORT).acceptable())
        .isTrue();
  }

  @Test
  void certificateSigningKeyUsageAloneIsNotForServers() {
    CertificateAssessment a =
        assess(
            Leaf.forNames(HOST).withKeyUsage(KeyUsage.keyCertSign),
            CertificateAssessor.KeyExchange.SIGNED);
    assertThat(a.acceptable()).isFalse();
  }

  @Test
  void noKeyUsageExtensionsAllowEveryUse() {
    assertThat(
            assess(Leaf.forNames(HOST).withKeyUsage(0), CertificateAssessor.KeyExchange.SIGNED)
                .acceptable())
        .isTrue();
  }

  @Test
  void keyExchangeFollowsTheCipherSuite() {
    assertThat(CertificateAssessor.KeyExchange.of("TLS_RSA_WITH_AES_128_GCM_SHA256"))
        .isEqualTo(CertificateAssessor.KeyExchange.RSA_KEY_TRANSPORT);
    assertThat(CertificateAssessor.KeyExchange.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
        .isEqualTo(CertificateAssessor.KeyExchange.SIGNED);
    assertThat(CertificateAssessor.KeyExchange.of("TLS_AES_128_GCM_SHA256"))
        .isEqualTo(CertificateAssessor.KeyExchange.SIGNED);
  }
}
