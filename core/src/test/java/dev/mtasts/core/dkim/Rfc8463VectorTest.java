package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8463 Appendix A: one message, an ed25519-sha256 and an rsa-sha256 signature. */
class Rfc8463VectorTest {

  private final DkimVerifier verifier =
      new DkimVerifier(Rfc8463.dns().build(), Rfc8463.SIGNING_TIME);

  @Test
  void bothSignaturesOfTheRfcExamplePass() {
    DkimVerification result = verifier.verify(Rfc8463.message());

    assertThat(result.signatures())
        .extracting(DkimVerdict::result, DkimVerdict::selector, DkimVerdict::algorithm)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(DkimResult.PASS, "brisbane", "ed25519-sha256"),
            org.assertj.core.groups.Tuple.tuple(DkimResult.PASS, "test", "rsa-sha256"));
    assertThat(result.verdict().result()).isEqualTo(DkimResult.PASS);
    assertThat(result.verdict().domain()).isEqualTo("football.example.com");
    assertThat(result.verdict().aligned()).isTrue();
    assertThat(result.fromDomain()).contains("football.example.com");
  }

  @Test
  void theRfcBodyHashIsReproduced() {
    int bodyStart = Rfc8463.text().indexOf("\r\n\r\n") + 4;
    BodyHash.Result body = BodyHash.of(Rfc8463.message(), bodyStart, Canonicalization.RELAXED, -1);

    assertThat(Base64.getEncoder().encodeToString(body.digest()))
        .isEqualTo("2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=");
  }

  /**
   * Ed25519 and RSA PKCS #1 v1.5 signatures are deterministic: signing the canonical header data
   * with the RFC's secret keys must give the RFC's {@code b=} values byte for byte, which checks
   * the header canonicalization against the RFC, not against the verifier.
   */
  @Test
  void signingTheRfcHeaderDataWithTheRfcKeysGivesTheRfcSignatures() throws Exception {
    HeaderSection header = HeaderSection.read(Rfc8463.message(), 65536, 100);
    List<HeaderField> signatures =
        header.fields().stream().filter(f -> f.is("dkim-signature")).toList();
    DkimSignature ed25519 = DkimSignature.parse(signatures.get(0));
    DkimSignature rsa = DkimSignature.parse(signatures.get(1));

    byte[] edSignature =
        DkimAlgorithm.ED25519_SHA256.sign(
            Rfc8463.ed25519PrivateKey(), SignedHeaders.data(ed25519, header.fields()));
    byte[] rsaSignature =
        DkimAlgorithm.RSA_SHA256.sign(
            Rfc8463.rsaPrivateKey(), SignedHeaders.data(rsa, header.fields()));

    assertThat(edSignature).isEqualTo(ed25519.signature());
    assertThat(rsaSignature).isEqualTo(rsa.signature());
  }
}
