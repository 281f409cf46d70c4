package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.InMemoryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real report mail from Google, Microsoft and mail.ru (the corpus, {@code /corpus/tlsrpt}). Their
 * keys are not available offline (and have been rotated since), so no signature can pass here. What
 * can be checked: the tags are read, {@code d=} aligns with From, and the body hash of the real
 * signer matches ours: a mismatch would end in BODY_HASH_MISMATCH before the key is looked up, so
 * KEY_NOT_FOUND (no key in the empty resolver) proves the body canonicalization agrees with
 * Google's, Microsoft's and mail.ru's signers, for files with CRLF and with LF line ends.
 */
class CorpusSignatureTest {

  private static DkimVerification verify(String file, long epochSecond, InMemoryResolver dns) {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    return new DkimVerifier(dns, clock).verify(corpus(file));
  }

  @ParameterizedTest
  @CsvSource({
    // file, a time just after signing, d=, s=
    "mox-google.eml,          1675400000, google.com,    20210112",
    "tlsrptrs-google1.eml,    1726485494, google.com,    20230601",
    "tlsrptrs-google2.eml,    1726744193, google.com,    20230601",
    "mox-microsoft.eml,       1675400000, microsoft.com, selector2",
    "tlsrptrs-microsoft1.eml, 1726300000, microsoft.com, selector2",
    "tlsrptrs-mailru.eml,     1674691902, corp.mail.ru,  mail4",
  })
  void realSignaturesAreReadAndTheirBodyHashesMatch(
      String file, long receivedAt, String domain, String selector) {
    DkimVerification result = verify(file, receivedAt, InMemoryResolver.builder().build());

    assertThat(result.signatures()).hasSize(1);
    DkimVerdict verdict = result.verdict();
    assertThat(verdict.reason()).isEqualTo(DkimReason.KEY_NOT_FOUND);
    assertThat(verdict.domain()).isEqualTo(domain);
    assertThat(verdict.selector()).isEqualTo(selector);
    assertThat(verdict.algorithm()).isEqualTo("rsa-sha256");
    assertThat(verdict.aligned()).isTrue();
    assertThat(result.fromDomain()).contains(domain);
  }

  @ParameterizedTest
  @CsvSource({
    "tlsrptrs-google1.eml, 1726485494",
    "tlsrptrs-microsoft1.eml, 1726300000",
    "tlsrptrs-mailru.eml, 1674691902"
  })
  void withoutADnsAnswerTheVerdictIsATemporaryError(String file, long receivedAt) {
    InMemoryResolver timeout =
        InMemoryResolver.builder()
            .fail("20230601._domainkey.google.com", DnsStatus.TIMEOUT)
            .fail("selector2._domainkey.microsoft.com", DnsStatus.TIMEOUT)
            .fail("mail4._domainkey.corp.mail.ru", DnsStatus.TIMEOUT)
            .build();

    DkimVerdict verdict = verify(file, receivedAt, timeout).verdict();

    assertThat(verdict.result()).isEqualTo(DkimResult.TEMPERROR);
    assertThat(verdict.reason()).isEqualTo(DkimReason.KEY_LOOKUP_FAILED);
  }

  @Test
  void mailRuSignaturesExpireAfter25Hours() {
    long signedAt = 1_674_691_842L; // t= of the mail.ru report; x= is 25 hours later
    long dayAndAHalf = signedAt + Duration.ofHours(36).toSeconds();

    DkimVerdict late =
        verify("tlsrptrs-mailru.eml", dayAndAHalf, InMemoryResolver.builder().build()).verdict();

    assertThat(late.reason()).isEqualTo(DkimReason.SIGNATURE_EXPIRED);
  }

  @Test
  void aBannerInsertedByTheRecipientsGatewayBreaksTheBodyHash() {
    // parsedmarc's Google sample passed a gateway that prepended "External Email - Please use
    // caution" to the text part
    DkimVerdict verdict =
        verify("parsedmarc-google.eml", 1_725_447_260L, InMemoryResolver.builder().build())
            .verdict();

    assertThat(verdict.reason()).isEqualTo(DkimReason.BODY_HASH_MISMATCH);
    assertThat(verdict.result()).isEqualTo(DkimResult.FAIL);
  }

  @ParameterizedTest
  @CsvSource({"stalwart-rpt02.eml", "tlsrptrs-not-a-report.eml"})
  void unsignedMailIsNone(String file) {
    assertThat(verify(file, 1_700_000_000L, InMemoryResolver.builder().build()).verdict().result())
        .isEqualTo(DkimResult.NONE);
  }

  private static byte[] corpus(String name) {
    try (InputStream in = CorpusSignatureTest.class.getResourceAsStream("/corpus/tlsrpt/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing corpus file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
