package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OpenDKIM, the reference C implementation: {@code opendkim-testmsg} signs (it always uses
 * rsa-sha1, which RFC 8301 retired, so we must refuse it), and {@code opendkim -t} verifies our
 * signatures with keys from a file ({@code TestPublicKeys}), without a network.
 */
class OpenDkimInteropTest {

  private static final String TESTMSG = "/usr/sbin/opendkim-testmsg";
  private static final String OPENDKIM = "/usr/sbin/opendkim";

  @TempDir Path dir;

  @Test
  void opendkimTestmsgSignsWithRsaSha1WhichIsRefused() throws IOException {
    ExternalTool.assumeWorks("opendkim-testmsg", "opendkim-tools", List.of("test", "-x", TESTMSG));
    Path key = dir.resolve("rsa.pem");
    Files.writeString(key, pem(TestKeys.RSA));

    ExternalTool.Output out =
        ExternalTool.run(
            List.of(TESTMSG, "-C", "-d", TestKeys.DOMAIN, "-s", "rsa", "-k", key.toString()),
            Rfc8463.bytes(TestKeys.MESSAGE));
    assertThat(out.exit()).as(out.stderr()).isZero();
    DkimVerification result =
        new DkimVerifier(TestKeys.dns().build(), Clock.systemUTC()).verify(out.bytes());

    assertThat(out.stdout()).contains("a=rsa-sha1");
    assertThat(result.verdict().reason()).isEqualTo(DkimReason.ALGORITHM_RSA_SHA1);
    assertThat(result.verdict().result()).isEqualTo(DkimResult.PERMERROR);
    assertThat(result.verdict().domain()).isEqualTo(TestKeys.DOMAIN);
  }

  @ParameterizedTest
  @CsvSource({"rsa", "ed"})
  void opendkimVerifiesOurSignatures(String selector) throws IOException {
    ExternalTool.assumeWorks("opendkim", "opendkim", List.of("test", "-x", OPENDKIM));
    KeyPair pair = selector.equals("rsa") ? TestKeys.RSA : TestKeys.ED25519;
    byte[] signed =
        new DkimSigner(TestKeys.DOMAIN, selector, pair.getPrivate(), Clock.systemUTC())
            .sign(Rfc8463.bytes(TestKeys.MESSAGE));
    String tampered =
        new String(signed, StandardCharsets.ISO_8859_1)
            .replace("Report-ID: <r1@example.org>", "Report-ID: <r2@example.org>");

    assertThat(opendkim(selector, pair, signed))
        .contains("dkim=pass")
        .contains("verification (s=" + selector + ", d=example.org")
        .contains("succeeded");
    assertThat(opendkim(selector, pair, Rfc8463.bytes(tampered)))
        .contains("dkim=fail")
        .doesNotContain("succeeded");
  }

  /** What {@code opendkim -t} says about {@code message}, the key served from a file. */
  private String opendkim(String selector, KeyPair pair, byte[] message) throws IOException {
    Path keys = dir.resolve("keys");
    Files.writeString(
        keys, selector + "._domainkey." + TestKeys.DOMAIN + " " + TestKeys.record(pair, "") + "\n");
    Path config = dir.resolve("opendkim.conf");
    Files.writeString(config, "Mode v\nSyslog no\nLogResults yes\nTestPublicKeys " + keys + "\n");
    Path file = dir.resolve("message.eml");
    Files.write(file, message);
    ExternalTool.Output out =
        ExternalTool.run(
            List.of(OPENDKIM, "-x", config.toString(), "-t", file.toString(), "-vv"), new byte[0]);
    assertThat(out.exit()).as(out.stderr()).isZero();
    return out.stdout() + out.stderr(); // the verdict line goes to either, depending on the build
  }

  private static String pem(KeyPair pair) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
