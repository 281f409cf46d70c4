package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signer's choices: over-signing, fields, expiry, and what it refuses. */
class DkimSignerTest {

  private static String signed(DkimSigner signer) {
    return new String(signer.sign(Rfc8463.bytes(TestKeys.MESSAGE)), StandardCharsets.ISO_8859_1);
  }

  @Test
  void everyNamedFieldIsOverSignedAndAbsentOnesAreSignedAsAbsent() {
    String signed = signed(TestKeys.signer("ed", TestKeys.ED25519.getPrivate(), Optional.empty()));
    String h = signed.replaceAll("(?s).*?\\sh=([^;]*);.*", "$1").replaceAll("\\s", "");

    assertThat(h).startsWith("from:from:to:to:cc:subject:subject:");
    assertThat(h).contains("tls-report-domain:tls-report-domain");
    // an added Cc (absent when signed) now breaks the signature
    String withCc = signed.replaceFirst("\r\n\r\n", "\r\nCc: mallory@evil.example\r\n\r\n");
    assertThat(TestKeys.verify(withCc, TestKeys.AT_SIGNING).verdict().reason())
        .isEqualTo(DkimReason.SIGNATURE_MISMATCH);
    assertThat(TestKeys.verify(signed, TestKeys.AT_SIGNING).verdict().reason())
        .isEqualTo(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void anExpiryAddsX() {
    String signed =
        signed(TestKeys.signer("rsa", TestKeys.RSA.getPrivate(), Optional.of(Duration.ofDays(7))));
    long t = TestKeys.SIGNED_AT.getEpochSecond();

    assertThat(signed).contains("t=" + t + ";").contains("x=" + (t + 7 * 86400) + ";");
    assertThat(TestKeys.verify(signed, TestKeys.AT_SIGNING).verdict().passed()).isTrue();
  }

  @Test
  void linesStayShort() {
    String signed = signed(TestKeys.signer("rsa", TestKeys.RSA.getPrivate(), Optional.empty()));
    String header = signed.substring(0, signed.indexOf("\r\nFrom:"));

    assertThat(header.split("\r\n")).allMatch(line -> line.length() <= 300);
  }

  @Test
  void badSettingsAreRefused() throws Exception {
    var key = TestKeys.ED25519.getPrivate();
    KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
    small.initialize(768);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");

    assertThatThrownBy(() -> new DkimSigner("com", "s", key, TestKeys.AT_SIGNING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DkimSigner("example.org", "a b", key, TestKeys.AT_SIGNING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new DkimSigner(
                    "example.org", "s", key, TestKeys.AT_SIGNING, List.of("to"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new DkimSigner(
                    "example.org", "s", small.generateKeyPair().getPrivate(), TestKeys.AT_SIGNING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new DkimSigner(
                    "example.org", "s", ec.generateKeyPair().getPrivate(), TestKeys.AT_SIGNING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMessageWithoutAHeaderSectionCannotBeSigned() {
    DkimSigner signer = TestKeys.signer("ed", TestKeys.ED25519.getPrivate(), Optional.empty());

    assertThatThrownBy(() -> signer.sign(Rfc8463.bytes(" starts folded\r\n\r\nbody")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
