package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * dkimpy, an independent implementation, signs and we verify; we sign and it verifies. Keys are
 * {@link TestKeys}', served to each side without a network.
 */
class DkimpyInteropTest {

  /** sign SELECTOR KEYFILE ALGORITHM CANON LENGTH | verify RECORD; the message on stdin. */
  private static final String SCRIPT =
      """
      import sys, dkim
      msg = sys.stdin.buffer.read()
      if sys.argv[1] == 'sign':
          selector, keyfile, algorithm, canon, length = sys.argv[2:7]
          header, body = canon.encode().split(b'/')
          sig = dkim.sign(msg, selector.encode(), b'example.org', open(keyfile, 'rb').read(),
                          canonicalize=(header, body), signature_algorithm=algorithm.encode(),
                          length=length == 'l', include_headers=[b'from', b'to', b'subject',
                          b'date', b'message-id', b'tls-report-domain', b'from'])
          sys.stdout.buffer.write(sig + msg)
      else:
          record = sys.argv[2].encode()
          print('pass' if dkim.verify(msg, dnsfunc=lambda name, timeout=5: record) else 'fail')
      """;

  @TempDir static Path keys;

  @BeforeAll
  static void dkimpyInstalled() throws IOException {
    ExternalTool.assumeWorks(
        "dkimpy",
        "python3-dkim python3-nacl",
        List.of(ExternalTool.PYTHON, "-c", "import dkim, nacl"));
    Files.writeString(keys.resolve("rsa.pem"), pem(TestKeys.RSA.getPrivate()));
    byte[] seed = ((EdECPrivateKey) TestKeys.ED25519.getPrivate()).getBytes().orElseThrow();
    Files.writeString(keys.resolve("ed.key"), Base64.getEncoder().encodeToString(seed));
  }

  private static String dkimpySigned(String message, String algorithm, String canon, String l) {
    String keyFile = algorithm.startsWith("rsa") ? "rsa.pem" : "ed.key";
    String selector = algorithm.startsWith("rsa") ? "rsa" : "ed";
    ExternalTool.Output out =
        ExternalTool.run(
            List.of(
                ExternalTool.PYTHON,
                "-c",
                SCRIPT,
                "sign",
                selector,
                keys.resolve(keyFile).toString(),
                algorithm,
                canon,
                l),
            Rfc8463.bytes(message));
    assertThat(out.exit()).as(out.stderr()).isZero();
    return out.stdout();
  }

  private static String dkimpyVerdict(byte[] message, String record) {
    ExternalTool.Output out =
        ExternalTool.run(List.of(ExternalTool.PYTHON, "-c", SCRIPT, "verify", record), message);
    assertThat(out.exit()).as(out.stderr()).isZero();
    return out.stdout().strip();
  }

  private static DkimVerification ours(String message) {
    return new DkimVerifier(TestKeys.dns().build(), Clock.systemUTC())
        .verify(Rfc8463.bytes(message));
  }

  @ParameterizedTest
  @CsvSource({
    "rsa-sha256, relaxed/relaxed",
    "rsa-sha256, simple/simple",
    "rsa-sha256, relaxed/simple",
    "rsa-sha256, simple/relaxed",
    "ed25519-sha256, relaxed/relaxed",
    "ed25519-sha256, simple/simple",
    "ed25519-sha256, relaxed/simple",
  })
  void signaturesMadeByDkimpyPass(String algorithm, String canon) {
    String signed = dkimpySigned(TestKeys.MESSAGE, algorithm, canon, "-");

    DkimVerification result = ours(signed);

    assertThat(result.verdict().reason()).isEqualTo(DkimReason.SIGNATURE_VERIFIED);
    assertThat(result.verdict().algorithm()).isEqualTo(algorithm);
    assertThat(result.verdict().aligned()).isTrue();
  }

  @Test
  void aBodyChangedAfterDkimpySignedFails() {
    String signed = dkimpySigned(TestKeys.MESSAGE, "ed25519-sha256", "relaxed/relaxed", "-");

    assertThat(ours(signed.replace("This is a report.", "This is a forgery.")).verdict().reason())
        .isEqualTo(DkimReason.BODY_HASH_MISMATCH);
  }

  @Test
  void aSignedFieldChangedAfterDkimpySignedFails() {
    String signed = dkimpySigned(TestKeys.MESSAGE, "rsa-sha256", "simple/simple", "-");

    assertThat(
            ours(signed.replace(
                    "TLS-Report-Domain: example.net", "TLS-Report-Domain: evil.example"))
                .verdict()
                .reason())
        .isEqualTo(DkimReason.SIGNATURE_MISMATCH);
  }

  @Test
  void dkimpyBodyLengthsPassUntilContentIsAppended() {
    String signed = dkimpySigned(TestKeys.MESSAGE, "rsa-sha256", "relaxed/relaxed", "l");

    assertThat(signed).contains(" l=");
    assertThat(ours(signed).verdict().reason()).isEqualTo(DkimReason.SIGNATURE_VERIFIED);
    assertThat(ours(signed + "Appended by someone else.\r\n").verdict().reason())
        .isEqualTo(DkimReason.BODY_PARTIALLY_SIGNED);
  }

  @ParameterizedTest
  @CsvSource({"rsa", "ed"})
  void dkimpyVerifiesOurSignatures(String selector) {
    PrivateKey key =
        selector.equals("rsa") ? TestKeys.RSA.getPrivate() : TestKeys.ED25519.getPrivate();
    String record = TestKeys.record(selector.equals("rsa") ? TestKeys.RSA : TestKeys.ED25519, "");
    byte[] signed =
        new DkimSigner(TestKeys.DOMAIN, selector, key, Clock.systemUTC())
            .sign(Rfc8463.bytes(TestKeys.MESSAGE));
    byte[] tampered =
        new String(signed, StandardCharsets.ISO_8859_1)
            .replace("This is a report.", "This is a forgery.")
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThat(dkimpyVerdict(signed, record)).isEqualTo("pass");
    assertThat(dkimpyVerdict(tampered, record)).isEqualTo("fail");
  }

  private static String pem(PrivateKey key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
