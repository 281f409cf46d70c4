package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.InMemoryResolver;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The key record (RFC 6376 §3.6.1) and its lookup (§6.1.2), on the RFC 8463 example message. */
class KeyRecordTest {

  private static final String ED_KEY = "p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

  /** The verdict on the ed25519 signature when {@code records} are published for it. */
  private static DkimVerdict ed25519With(String... records) {
    InMemoryResolver.Builder dns =
        InMemoryResolver.builder().txt(Rfc8463.RSA_NAME, Rfc8463.record(Rfc8463.RSA_NAME));
    for (String record : records) {
      dns.txt(Rfc8463.ED25519_NAME, record);
    }
    return new DkimVerifier(dns.build(), Rfc8463.SIGNING_TIME)
        .verify(Rfc8463.message())
        .signatures()
        .getFirst();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v=DKIM1; k=ed25519; s=email; " + ED_KEY,
        "v=DKIM1; k=ed25519; s=tlsrpt; " + ED_KEY,
        "v=DKIM1; k=ed25519; s=*; " + ED_KEY,
        "v=DKIM1; k=ed25519; s=other:email; " + ED_KEY,
        "v=DKIM1; k=ed25519; h=sha1:sha256; " + ED_KEY,
        "v=DKIM1; k=ed25519; n=notes for people; future=tag; " + ED_KEY,
        "k=ed25519; " + ED_KEY,
        "v=DKIM1;k=ED25519;" + ED_KEY + ";",
        "v=DKIM1; k=ed25519; t=s; " + ED_KEY,
      })
  void acceptedKeyRecordsPass(String record) {
    assertThat(ed25519With(record).reason()).isEqualTo(DkimReason.SIGNATURE_VERIFIED);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v=DKIM1; k=ed25519; p=                                   | KEY_REVOKED",
        "v=DKIM1; k=ed25519; p=; n=revoked                        | KEY_REVOKED",
        "v=DKIM1; k=rsa; " + ED_KEY + "                            | KEY_TYPE_MISMATCH",
        "v=DKIM1; " + ED_KEY + "                                   | KEY_TYPE_MISMATCH",
        "v=DKIM1; k=dsa; " + ED_KEY + "                            | KEY_TYPE_UNKNOWN",
        "v=DKIM1; k=ed25519; h=sha1; " + ED_KEY + "                | KEY_HASH_NOT_ALLOWED",
        "v=DKIM1; k=ed25519; s=other; " + ED_KEY + "               | KEY_SERVICE_NOT_EMAIL",
        "v=DKIM2; k=ed25519; " + ED_KEY + "                        | KEY_VERSION",
        "k=ed25519; v=DKIM1; " + ED_KEY + "                        | KEY_VERSION",
        "v=DKIM1; k=ed25519                                        | KEY_SYNTAX",
        "v=DKIM1; k=ed25519; p                                     | KEY_SYNTAX",
        "v=DKIM1; k=ed25519; k=ed25519; " + ED_KEY + "             | KEY_SYNTAX",
        "v=spf1 -all                                               | KEY_VERSION",
        "k=ed25519; n=no key here                                 | KEY_SYNTAX",
        "v=DKIM1; k=ed25519; p=!!notbase64!!                       | KEY_INVALID",
        "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHUQ== | KEY_INVALID",
      })
  void rejectedKeyRecordsArePermanentErrors(String record, DkimReason reason) {
    DkimVerdict verdict = ed25519With(record);

    assertThat(verdict.reason()).isEqualTo(reason);
    assertThat(verdict.result()).isEqualTo(DkimResult.PERMERROR);
    assertThat(verdict.domain()).isEqualTo("football.example.com");
    assertThat(verdict.selector()).isEqualTo("brisbane");
  }

  @Test
  void twoRecordsAtTheSelectorAreAnError() {
    String record = Rfc8463.record(Rfc8463.ED25519_NAME);

    assertThat(ed25519With(record, record).reason()).isEqualTo(DkimReason.KEY_RECORD_MULTIPLE);
  }

  @Test
  void testingModeIsReportedAndDoesNotCountForTheMessage() {
    String testing = "v=DKIM1; k=ed25519; t=y; " + ED_KEY;
    InMemoryResolver dns = InMemoryResolver.builder().txt(Rfc8463.ED25519_NAME, testing).build();

    DkimVerification result = new DkimVerifier(dns, Rfc8463.SIGNING_TIME).verify(Rfc8463.message());

    DkimVerdict ed25519 = result.signatures().getFirst();
    assertThat(ed25519.result()).isEqualTo(DkimResult.PASS);
    assertThat(ed25519.testing()).isTrue();
    // the RSA key is missing: the message's verdict is that PERMERROR, not the testing pass
    assertThat(result.verdict().reason()).isEqualTo(DkimReason.KEY_NOT_FOUND);
  }

  @Test
  void onlyTestingModeSignaturesMakeTheMessageUnsigned() {
    InMemoryResolver dns =
        InMemoryResolver.builder()
            .txt(Rfc8463.ED25519_NAME, "v=DKIM1; k=ed25519; t=y; " + ED_KEY)
            .txt(
                Rfc8463.RSA_NAME, Rfc8463.record(Rfc8463.RSA_NAME).replace("k=rsa;", "k=rsa; t=y;"))
            .build();

    DkimVerification result = new DkimVerifier(dns, Rfc8463.SIGNING_TIME).verify(Rfc8463.message());

    assertThat(result.signatures()).allMatch(v -> v.passed() && v.testing());
    assertThat(result.verdict().result()).isEqualTo(DkimResult.NONE);
    assertThat(result.verdict().reason()).isEqualTo(DkimReason.TESTING_MODE_ONLY);
  }

  @Test
  void aMissingKeyIsAPermanentErrorNotNone() {
    InMemoryResolver dns = InMemoryResolver.builder().build();

    DkimVerification result = new DkimVerifier(dns, Rfc8463.SIGNING_TIME).verify(Rfc8463.message());

    // RFC 6376 §6.1.2 step 3: no key record is PERMFAIL; NONE is only for unsigned mail
    assertThat(TestKeys.reasons(result))
        .containsExactly(DkimReason.KEY_NOT_FOUND, DkimReason.KEY_NOT_FOUND);
    assertThat(result.verdict().result()).isEqualTo(DkimResult.PERMERROR);
  }

  @ParameterizedTest
  @CsvSource({"TIMEOUT", "SERVFAIL", "ERROR", "BOGUS"})
  void aDnsFailureIsATemporaryError(DnsStatus status) {
    InMemoryResolver dns =
        InMemoryResolver.builder()
            .fail(Rfc8463.ED25519_NAME, status)
            .fail(Rfc8463.RSA_NAME, status)
            .build();

    DkimVerification result = new DkimVerifier(dns, Rfc8463.SIGNING_TIME).verify(Rfc8463.message());

    assertThat(TestKeys.reasons(result))
        .containsExactly(DkimReason.KEY_LOOKUP_FAILED, DkimReason.KEY_LOOKUP_FAILED);
    assertThat(result.verdict().result()).isEqualTo(DkimResult.TEMPERROR);
  }

  @Test
  void oneFailedLookupDoesNotHideAnotherSignaturesPass() {
    InMemoryResolver dns = Rfc8463.dns().build();
    InMemoryResolver timeout =
        InMemoryResolver.builder()
            .txt(Rfc8463.RSA_NAME, Rfc8463.record(Rfc8463.RSA_NAME))
            .fail(Rfc8463.ED25519_NAME, DnsStatus.TIMEOUT)
            .build();

    DkimVerification result =
        new DkimVerifier(timeout, Rfc8463.SIGNING_TIME).verify(Rfc8463.message());

    assertThat(TestKeys.reasons(result))
        .containsExactly(DkimReason.KEY_LOOKUP_FAILED, DkimReason.SIGNATURE_VERIFIED);
    assertThat(result.verdict().result()).isEqualTo(DkimResult.PASS);
    assertThat(result.verdict().selector()).isEqualTo("test");
    assertThat(
            new DkimVerifier(dns, Rfc8463.SIGNING_TIME)
                .verify(Rfc8463.message())
                .verdict()
                .selector())
        .isEqualTo("brisbane");
  }

  @Test
  void aBarePkcs1RsaPublicKeyIsAcceptedLikeTheSpkiForm() {
    String spki = Rfc8463.record(Rfc8463.RSA_NAME).replaceFirst(".*p=", "");
    byte[] pkcs1 =
        SubjectPublicKeyInfo.getInstance(Base64.getDecoder().decode(spki))
            .getPublicKeyData()
            .getBytes();
    InMemoryResolver dns =
        InMemoryResolver.builder()
            .txt(Rfc8463.RSA_NAME, "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pkcs1))
            .build();

    DkimVerification result = new DkimVerifier(dns, Rfc8463.SIGNING_TIME).verify(Rfc8463.message());

    assertThat(result.signatures().get(1).reason()).isEqualTo(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void rsaKeysUnder1024BitsAreRejected() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(768);
    String weak =
        "v=DKIM1; k=rsa; p="
            + Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
    InMemoryResolver dns = InMemoryResolver.builder().txt(Rfc8463.RSA_NAME, weak).build();

    DkimVerdict rsa =
        new DkimVerifier(dns, Rfc8463.SIGNING_TIME).verify(Rfc8463.message()).signatures().get(1);

    assertThat(rsa.reason()).isEqualTo(DkimReason.KEY_TOO_SMALL);
  }

  @Test
  void rsaKeysOverTheLimitAreRejected() {
    DkimVerifier.Limits limits =
        new DkimVerifier.Limits(5, 65536, 100, 8192, 2048, java.time.Duration.ZERO);
    InMemoryResolver dns =
        InMemoryResolver.builder()
            .txt(Rfc8463.RSA_NAME, TestKeys.record(generateRsa(3072), ""))
            .build();

    DkimVerdict rsa =
        new DkimVerifier(dns, Rfc8463.SIGNING_TIME, limits)
            .verify(Rfc8463.message())
            .signatures()
            .get(1);

    assertThat(rsa.reason()).isEqualTo(DkimReason.KEY_TOO_LARGE);
  }

  @Test
  void strictKeysRefuseASubdomainIdentity() {
    String message =
        Rfc8463.text().replaceFirst("i=@football.example.com", "i=@sub.football.example.com");
    InMemoryResolver dns =
        InMemoryResolver.builder()
            .txt(Rfc8463.ED25519_NAME, "v=DKIM1; k=ed25519; t=s; " + ED_KEY)
            .build();

    DkimVerdict ed25519 =
        new DkimVerifier(dns, Rfc8463.SIGNING_TIME)
            .verify(Rfc8463.bytes(message))
            .signatures()
            .getFirst();

    assertThat(ed25519.reason()).isEqualTo(DkimReason.KEY_STRICT_IDENTITY);
  }

  private static java.security.KeyPair generateRsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
