package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Bounds and malformed input: every case ends in a verdict, none in an exception. */
class HostileInputTest {

  private static final DkimVerifier.Limits SMALL =
      new DkimVerifier.Limits(5, 4096, 20, 1024, 4096, Duration.ofMinutes(5));

  private static DkimVerification verify(String message, DkimVerifier.Limits limits) {
    return new DkimVerifier(TestKeys.dns().build(), TestKeys.AT_SIGNING, limits)
        .verify(Rfc8463.bytes(message));
  }

  @Test
  void onlyTheFirstSignaturesAreChecked() {
    String message = TestKeys.MESSAGE;
    for (int i = 0; i < 6; i++) {
      message = TestKeys.signed(message, java.util.Map.of());
    }

    DkimVerification result = verify(message, DkimVerifier.Limits.DEFAULT);

    assertThat(TestKeys.reasons(result))
        .containsExactly(
            DkimReason.SIGNATURE_VERIFIED,
            DkimReason.SIGNATURE_VERIFIED,
            DkimReason.SIGNATURE_VERIFIED,
            DkimReason.SIGNATURE_VERIFIED,
            DkimReason.SIGNATURE_VERIFIED,
            DkimReason.SIGNATURE_LIMIT);
    assertThat(result.signatures().get(5).domain()).isEqualTo("example.org");
    assertThat(result.verdict().passed()).isTrue();
  }

  @Test
  void aHeaderSectionOverTheLimitIsRefusedWhole() {
    String padded = "X-Padding: " + "a".repeat(5000) + "\r\n" + TestKeys.signed();

    DkimVerification result = verify(padded, SMALL);

    assertThat(result.verdict().reason()).isEqualTo(DkimReason.HEADER_TOO_LARGE);
    assertThat(result.verdict().result()).isEqualTo(DkimResult.PERMERROR);
    assertThat(result.signatures()).isEmpty();
  }

  @Test
  void tooManyHeaderFieldsAreRefused() {
    String many = String.join("", Collections.nCopies(30, "X-A: b\r\n")) + TestKeys.signed();

    assertThat(verify(many, SMALL).verdict().reason()).isEqualTo(DkimReason.HEADER_TOO_LARGE);
  }

  @Test
  void anOverlongSignatureFieldIsRefusedAndOthersStillCount() {
    String signed = TestKeys.signed();
    String huge = "DKIM-Signature: v=1; z=" + "A".repeat(2000) + "\r\n";

    DkimVerification result = verify(huge + signed, SMALL);

    assertThat(TestKeys.reasons(result))
        .containsExactly(DkimReason.HEADER_TOO_LARGE, DkimReason.SIGNATURE_VERIFIED);
    assertThat(result.verdict().passed()).isTrue();
  }

  @Test
  void aLineThatIsNotAFieldIsMalformed() {
    String broken = "this line has no colon\r\n" + TestKeys.signed();
    String continuationFirst = " folded: at the start\r\n" + TestKeys.signed();
    String emptyName = ": no name\r\n" + TestKeys.signed();

    for (String message : new String[] {broken, continuationFirst, emptyName}) {
      DkimVerification result = verify(message, DkimVerifier.Limits.DEFAULT);
      assertThat(result.verdict().reason()).isEqualTo(DkimReason.HEADER_MALFORMED);
    }
  }

  @Test
  void emptyAndHeaderOnlyMessagesAreUnsigned() {
    assertThat(verify("", DkimVerifier.Limits.DEFAULT).verdict().result())
        .isEqualTo(DkimResult.NONE);
    assertThat(verify("Subject: x", DkimVerifier.Limits.DEFAULT).verdict().result())
        .isEqualTo(DkimResult.NONE);
  }

  @Test
  void aSignedMessageWithoutBodyVerifies() {
    String headerOnly = TestKeys.MESSAGE.substring(0, TestKeys.MESSAGE.indexOf("\r\n\r\n") + 2);
    String signed = TestKeys.signed(headerOnly, java.util.Map.of());

    assertThat(verify(signed, DkimVerifier.Limits.DEFAULT).verdict().reason())
        .isEqualTo(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void aLargeBodyIsHashedInOnePass() {
    StringBuilder body = new StringBuilder();
    String line = "eyJvcmdhbml6YXRpb24tbmFtZSI6ICJleGFtcGxlIn0gIHdpdGggIHNwYWNlcyAg \t \r\n";
    while (body.length() < 8 * 1024 * 1024) {
      body.append(line);
    }
    String message = TestKeys.signed(TestKeys.MESSAGE + body, java.util.Map.of());

    long start = System.nanoTime();
    DkimVerification result = verify(message, DkimVerifier.Limits.DEFAULT);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(result.verdict().reason()).isEqualTo(DkimReason.SIGNATURE_VERIFIED);
    assertThat(millis).isLessThan(10_000);
  }
}
