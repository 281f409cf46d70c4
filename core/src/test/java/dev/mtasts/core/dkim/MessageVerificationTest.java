package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A whole message: tampering, added fields, line ends, expiry, l=, alignment, limits. */
class MessageVerificationTest {

  private static DkimVerification rfc(String message) {
    return new DkimVerifier(Rfc8463.dns().build(), Rfc8463.SIGNING_TIME)
        .verify(Rfc8463.bytes(message));
  }

  @Test
  void anUnsignedMessageIsNone() {
    DkimVerification result = TestKeys.verify(TestKeys.MESSAGE, TestKeys.AT_SIGNING);

    assertThat(result.signatures()).isEmpty();
    assertThat(result.verdict().result()).isEqualTo(DkimResult.NONE);
    assertThat(result.verdict().reason()).isEqualTo(DkimReason.NO_SIGNATURE);
    assertThat(result.fromDomain()).contains("example.org");
  }

  @Test
  void aChangedBodyFails() {
    DkimVerification result = rfc(Rfc8463.text().replace("hungry", "thirsty"));

    assertThat(TestKeys.reasons(result))
        .containsExactly(DkimReason.BODY_HASH_MISMATCH, DkimReason.BODY_HASH_MISMATCH);
    assertThat(result.verdict().result()).isEqualTo(DkimResult.FAIL);
  }

  @Test
  void anAppendedLineFails() {
    DkimVerification result = rfc(Rfc8463.text() + "P.S. forged\r\n");

    assertThat(result.verdict().reason()).isEqualTo(DkimReason.BODY_HASH_MISMATCH);
  }

  @Test
  void aChangedSignedFieldFails() {
    DkimVerification result = rfc(Rfc8463.text().replace("Is dinner ready?", "Is lunch ready?"));

    assertThat(TestKeys.reasons(result))
        .containsExactly(DkimReason.SIGNATURE_MISMATCH, DkimReason.SIGNATURE_MISMATCH);
    assertThat(result.verdict().result()).isEqualTo(DkimResult.FAIL);
  }

  @Test
  void addedUnsignedFieldsStillPass() {
    String relayed =
        "Received: from mx.example by mx.example.net; Mon, 26 Jan 2026 00:10:00 +0000\r\n"
            + "X-Spam-Score: 0.1\r\n"
            + Rfc8463.text().replace("\r\n\r\nHi.", "\r\nX-Added-Below: yes\r\n\r\nHi.");

    assertThat(TestKeys.reasons(rfc(relayed))).containsOnly(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void anAddedFromIsCaughtByOverSigning() {
    // h= lists from twice: a second From, above or below, is one more signed field
    String above = "From: Mallory <m@evil.example>\r\n" + Rfc8463.text();
    String below =
        Rfc8463.text().replace("\r\n\r\nHi.", "\r\nFrom: Mallory <m@evil.example>\r\n\r\nHi.");

    assertThat(TestKeys.reasons(rfc(above))).containsOnly(DkimReason.SIGNATURE_MISMATCH);
    assertThat(TestKeys.reasons(rfc(below))).containsOnly(DkimReason.SIGNATURE_MISMATCH);
    assertThat(rfc(above).fromDomain()).isEmpty();
  }

  @Test
  void fieldsAreTakenBottomUpSoOnlyAnAddedLastInstanceBreaksANonOverSignedField() {
    // message-id is signed once: an instance added above is not the signed one (RFC 6376 §5.4.2)
    String above = "Message-ID: <forged@evil.example>\r\n" + Rfc8463.text();
    String below =
        Rfc8463.text().replace("\r\n\r\nHi.", "\r\nMessage-ID: <forged@evil.example>\r\n\r\nHi.");

    assertThat(TestKeys.reasons(rfc(above))).containsOnly(DkimReason.SIGNATURE_VERIFIED);
    assertThat(TestKeys.reasons(rfc(below))).containsOnly(DkimReason.SIGNATURE_MISMATCH);
  }

  @Test
  void relaxedCanonicalizationToleratesWhiteSpaceAndCaseChanges() {
    String rewritten =
        Rfc8463.text()
            .replace("Subject: Is dinner ready?", "SUBJECT :  Is   dinner\r\n\tready?  ")
            .replace("Joe.\r\n", "Joe.   \r\n\r\n\r\n")
            .replace("We lost the game.  Are", "We lost\tthe game. Are");

    assertThat(TestKeys.reasons(rfc(rewritten))).containsOnly(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void bareLineFeedsCountAsCrlf() {
    // files on disk and Postfix's pipe to `report import -` carry LF line ends
    assertThat(TestKeys.reasons(rfc(Rfc8463.text().replace("\r\n", "\n"))))
        .containsOnly(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void anMboxFromLineIsSkipped() {
    String mbox = "From joe@football.example.com Fri Jul 11 21:00:37 2003\n" + Rfc8463.text();

    assertThat(TestKeys.reasons(rfc(mbox))).containsOnly(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void anExpiredSignatureIsRejectedSoVerifyAtReceipt() {
    // mail.ru's signatures carry x= 25 hours after t=
    String message =
        TestKeys.signer("ed", TestKeys.ED25519.getPrivate(), Optional.of(Duration.ofHours(25)))
                .signatureField(Rfc8463.bytes(TestKeys.MESSAGE), Map.of())
            + TestKeys.MESSAGE;

    DkimVerification atReceipt = TestKeys.verify(message, after(Duration.ofMinutes(1)));
    DkimVerification nextDay = TestKeys.verify(message, after(Duration.ofHours(24)));
    DkimVerification later = TestKeys.verify(message, after(Duration.ofHours(26)));

    assertThat(atReceipt.verdict().reason()).isEqualTo(DkimReason.SIGNATURE_VERIFIED);
    assertThat(nextDay.verdict().reason()).isEqualTo(DkimReason.SIGNATURE_VERIFIED);
    assertThat(later.verdict().reason()).isEqualTo(DkimReason.SIGNATURE_EXPIRED);
    assertThat(later.verdict().result()).isEqualTo(DkimResult.PERMERROR);
  }

  @Test
  void aBodyLengthCoveringTheBodyPasses() {
    String body = TestKeys.MESSAGE.substring(TestKeys.MESSAGE.indexOf("\r\n\r\n") + 4);
    long canonical =
        BodyHash.of(Rfc8463.bytes(body), 0, Canonicalization.RELAXED, -1).canonicalLength();
    String signed = TestKeys.signed(TestKeys.MESSAGE, Map.of("l", Long.toString(canonical)));

    assertThat(TestKeys.verify(signed, TestKeys.AT_SIGNING).verdict().reason())
        .isEqualTo(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void contentAppendedAfterABodyLengthIsNotAPass() {
    String signed = TestKeys.signed(TestKeys.MESSAGE, Map.of("l", "18"));
    String appended = signed + "--\r\nContent-Type: application/tlsrpt+json\r\n\r\n{}\r\n";

    DkimVerification result = TestKeys.verify(appended, TestKeys.AT_SIGNING);

    assertThat(result.verdict().reason()).isEqualTo(DkimReason.BODY_PARTIALLY_SIGNED);
    assertThat(result.verdict().result()).isEqualTo(DkimResult.FAIL);
  }

  @Test
  void aBodyLengthBeyondTheBodyIsAnError() {
    String signed = TestKeys.signed(TestKeys.MESSAGE, Map.of("l", "100000"));

    assertThat(TestKeys.verify(signed, TestKeys.AT_SIGNING).verdict().reason())
        .isEqualTo(DkimReason.BODY_LENGTH_EXCEEDS_BODY);
  }

  @Test
  void alignmentIsTheFromDomainOrAParentOfIt() {
    String child = TestKeys.signed().replace("tlsrpt-noreply@example.org", "r@reports.example.org");
    String unrelated = TestKeys.signed().replace("tlsrpt-noreply@example.org", "r@example.net");
    String lookalike = TestKeys.signed().replace("tlsrpt-noreply@example.org", "r@badexample.org");

    assertThat(TestKeys.verify(TestKeys.signed(), TestKeys.AT_SIGNING).verdict().aligned())
        .isTrue();
    // From is signed, so these fail; alignment is still reported from d= and From
    assertThat(TestKeys.verify(child, TestKeys.AT_SIGNING).signatures().getFirst().aligned())
        .isTrue();
    assertThat(TestKeys.verify(unrelated, TestKeys.AT_SIGNING).signatures().getFirst().aligned())
        .isFalse();
    assertThat(TestKeys.verify(lookalike, TestKeys.AT_SIGNING).signatures().getFirst().aligned())
        .isFalse();
  }

  @Test
  void aSignatureByAParentDomainOfFromIsAligned() {
    String message =
        TestKeys.MESSAGE.replace("tlsrpt-noreply@example.org", "r@mx.reports.example.org");
    String signed = TestKeys.signed(message, Map.of());

    DkimVerification result = TestKeys.verify(signed, TestKeys.AT_SIGNING);

    assertThat(result.verdict().passed()).isTrue();
    assertThat(result.verdict().aligned()).isTrue();
    assertThat(result.fromDomain()).contains("mx.reports.example.org");
  }

  @Test
  void theMessageVerdictPrefersAnAlignedPass() {
    // a third party (a forwarder, d=example.net) signs on top of the author's signature
    String authorSigned = TestKeys.signed();
    DkimSigner thirdParty =
        new DkimSigner("example.net", "fwd", TestKeys.ED25519.getPrivate(), TestKeys.AT_SIGNING);
    String both =
        new String(
            thirdParty.sign(Rfc8463.bytes(authorSigned)),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    var dns =
        TestKeys.dns()
            .txt("fwd._domainkey.example.net", TestKeys.record(TestKeys.ED25519, ""))
            .build();

    DkimVerification result =
        new DkimVerifier(dns, TestKeys.AT_SIGNING).verify(Rfc8463.bytes(both));

    assertThat(result.signatures())
        .extracting(DkimVerdict::domain)
        .containsExactly("example.net", "example.org");
    assertThat(result.signatures()).allMatch(DkimVerdict::passed);
    assertThat(result.verdict().domain()).isEqualTo("example.org");
    assertThat(result.verdict().aligned()).isTrue();
  }

  @Test
  void fromAddressesAreReadThroughDisplayNamesAndComments() {
    String tricky =
        TestKeys.MESSAGE.replace(
            "From: TLS reporting <tlsrpt-noreply@example.org>",
            "From: \"Reports <x@evil.example>, Inc\" (sender\r\n <y@evil.example>)\r\n <tlsrpt-noreply@Example.ORG.>");
    String twoMailboxes =
        TestKeys.MESSAGE.replace(
            "From: TLS reporting <tlsrpt-noreply@example.org>",
            "From: a@example.org, b@evil.example");

    assertThat(TestKeys.verify(tricky, TestKeys.AT_SIGNING).fromDomain()).contains("example.org");
    assertThat(TestKeys.verify(twoMailboxes, TestKeys.AT_SIGNING).fromDomain()).isEmpty();
  }

  private static Clock after(Duration duration) {
    return Clock.fixed(TestKeys.SIGNED_AT.plus(duration), ZoneOffset.UTC);
  }
}
