package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DKIM-Signature tags (RFC 6376 §3.5, §6.1.1), changed in the RFC 8463 example's first one. */
class SignatureTagsTest {

  private static final String FIRST = "v=1; a=ed25519-sha256; c=relaxed/relaxed;";

  /** The verdict on the first signature after replacing {@code from} by {@code to} once. */
  private static DkimVerdict firstAfter(String from, String to) {
    String text = Rfc8463.text();
    assertThat(text).contains(from);
    String changed =
        text.replaceFirst(
            java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    return new DkimVerifier(Rfc8463.dns().build(), Rfc8463.SIGNING_TIME)
        .verify(Rfc8463.bytes(changed))
        .signatures()
        .getFirst();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        FIRST
            + " | v=1; a=ed25519-sha256; c=relaxed/relaxed; d=football.example.com;"
            + " | SIGNATURE_DUPLICATE_TAG",
        FIRST + " | v=2; a=ed25519-sha256; c=relaxed/relaxed; | SIGNATURE_VERSION",
        FIRST + " | a=ed25519-sha256; c=relaxed/relaxed; | SIGNATURE_TAG_MISSING",
        " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; | ' ' | SIGNATURE_TAG_MISSING",
        FIRST + " | v=1; a=rsa-sha1; c=relaxed/relaxed; | ALGORITHM_RSA_SHA1",
        FIRST + " | v=1; a=RSA-SHA1; c=relaxed/relaxed; | ALGORITHM_RSA_SHA1",
        FIRST + " | v=1; a=rsa-sha512; c=relaxed/relaxed; | ALGORITHM_UNKNOWN",
        FIRST + " | v=1; a=ed25519-sha256; c=fancy/relaxed; | CANONICALIZATION_UNKNOWN",
        FIRST + " | v=1; a=ed25519-sha256; c=relaxed/relaxed/simple; | CANONICALIZATION_UNKNOWN",
        "q=dns/txt; s=brisbane | q=https; s=brisbane | QUERY_METHOD_UNSUPPORTED",
        "i=@football.example.com | i=@elsewhere.example | IDENTITY_MISMATCH",
        "i=@football.example.com | i=@example.com | IDENTITY_MISMATCH",
        "i=@football.example.com | i=football.example.com | SIGNATURE_TAG_INVALID",
        FIRST + " | v=1; a=ed25519-sha256; c | SIGNATURE_SYNTAX",
        FIRST + " | v=1; a=ed25519-sha256; 9c=relaxed; | SIGNATURE_SYNTAX",
        FIRST + " | v=1; a=ed25519-sha256; c=relax\u00e9d; | SIGNATURE_SYNTAX",
        "b=/gCrinpcQ | b=/gC!inpcQ | SIGNATURE_TAG_INVALID",
        "bh=2jUSOH9 | bh=2jU%OH9 | SIGNATURE_TAG_INVALID",
        "d=football.example.com; i | d=com; i | SIGNATURE_TAG_INVALID",
        "d=football.example.com; i | d=foot ball.example.com; i | SIGNATURE_TAG_INVALID",
        "s=brisbane | s=bris..bane | SIGNATURE_TAG_INVALID",
        "t=1528637909 | t=15286x7909 | SIGNATURE_TAG_INVALID",
        "t=1528637909 | t=1528637909; x=1528637908 | SIGNATURE_TAG_INVALID",
        "t=1528637909 | t=1528637909; l=-1 | SIGNATURE_TAG_INVALID",
        "t=1528637909 | t=1528637909; x=9999999999999 | SIGNATURE_TAG_INVALID",
        "h=from : to : | h=from :: to : | SIGNATURE_TAG_INVALID",
      })
  void malformedSignaturesArePermanentErrors(String from, String to, DkimReason reason) {
    DkimVerdict verdict = firstAfter(from, to.equals("' '") ? " " : to);

    assertThat(verdict.reason()).isEqualTo(reason);
    assertThat(verdict.result()).isEqualTo(DkimResult.PERMERROR);
  }

  @Test
  void aRejectedSignatureStillNamesItsDomainAndSelector() {
    DkimVerdict verdict = firstAfter(FIRST, "v=1; a=rsa-sha1; c=relaxed/relaxed;");

    assertThat(verdict.domain()).isEqualTo("football.example.com");
    assertThat(verdict.selector()).isEqualTo("brisbane");
    assertThat(verdict.algorithm()).isEqualTo("rsa-sha1");
    assertThat(verdict.aligned()).isTrue();
  }

  @Test
  void aSignatureFromTheFutureIsRejectedBeyondTheClockSkew() {
    Instant signed = Rfc8463.SIGNING_TIME.instant();
    DkimVerifier early =
        new DkimVerifier(
            Rfc8463.dns().build(), Clock.fixed(signed.minusSeconds(3600), ZoneOffset.UTC));
    DkimVerifier slightlyEarly =
        new DkimVerifier(
            Rfc8463.dns().build(), Clock.fixed(signed.minusSeconds(60), ZoneOffset.UTC));

    assertThat(TestKeys.reasons(early.verify(Rfc8463.message())))
        .containsOnly(DkimReason.SIGNATURE_IN_FUTURE);
    assertThat(TestKeys.reasons(slightlyEarly.verify(Rfc8463.message())))
        .containsOnly(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void fromMustBeSigned() {
    String text =
        Rfc8463.text()
            .replaceFirst("h=from : to :", "h=to :")
            .replaceFirst("message-id : from : subject", "message-id : subject");
    DkimVerdict verdict =
        new DkimVerifier(Rfc8463.dns().build(), Rfc8463.SIGNING_TIME)
            .verify(Rfc8463.bytes(text))
            .signatures()
            .getFirst();

    assertThat(verdict.reason()).isEqualTo(DkimReason.FROM_NOT_SIGNED);
  }

  @Test
  void tagNamesAreCaseSensitive() {
    // RFC 6376 §3.2: "D=" is an unknown tag, so d= is missing
    assertThat(firstAfter("d=football.example.com; i", "D=football.example.com; i").reason())
        .isEqualTo(DkimReason.SIGNATURE_TAG_MISSING);
  }
}
