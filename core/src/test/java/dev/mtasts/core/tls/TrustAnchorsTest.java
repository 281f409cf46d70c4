package dev.mtasts.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Authority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAnchorsTest {

  @TempDir Path dir;

  @Test
  void jdkDefaultHasRoots() {
    assertThat(TrustAnchors.jdkDefault().anchors()).hasSizeGreaterThan(10);
  }

  @Test
  void caFileAddsToTheDefault() throws Exception {
    Authority a = TestCertificates.rootCa("File Root A");
    Authority b = TestCertificates.rootCa("File Root B");
    Path file = dir.resolve("ca.pem");
    Files.writeString(file, "comment line\n" + a.certificatePem() + "\n" + b.certificatePem());
    TrustAnchors anchors = TrustAnchors.jdkDefaultPlus(file).orThrow();
    assertThat(anchors.certificates()).contains(a.certificate(), b.certificate());
    assertThat(anchors.anchors().size()).isEqualTo(TrustAnchors.jdkDefault().anchors().size() + 2);
  }

  @Test
  void missingFile() {
    ParseResult<List<X509Certificate>> missing = TrustAnchors.readPemFile(dir.resolve("nope.pem"));

    assertThat(codes(missing)).containsExactly("CA_FILE_UNREADABLE");
    assertThat(missing.errors().getFirst().message())
        .isEqualTo(dir.resolve("nope.pem") + ": no such file");
  }

  @Test
  void directoryInsteadOfAFile() {
    assertThat(TrustAnchors.readPemFile(dir).errors())
        .extracting(Problem::message)
        .containsExactly(dir + ": is a directory");
  }

  @Test
  void fileWithoutCertificates() throws Exception {
    Path file = dir.resolve("empty.pem");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThat(codes(TrustAnchors.readPemFile(file))).containsExactly("CA_FILE_EMPTY");
  }

  @Test
  void badBase64NamesTheLine() {
    ParseResult<List<X509Certificate>> r =
        TrustAnchors.readPem(
            "x\n-----BEGIN CERTIFICATE-----\n!!!notbase64\n-----END CERTIFICATE-----\n", "ca.pem");
    assertThat(r.errors())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.code()).isEqualTo("CA_FILE_INVALID");
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.message()).contains("ca.pem").contains("Base64");
            });
  }

  @Test
  void base64ThatIsNotACertificate() {
    assertThat(
            codes(
                TrustAnchors.readPem(
                    "-----BEGIN CERTIFICATE-----\nAAECAwQ=\n-----END CERTIFICATE-----\n", "x")))
        .containsExactly("CA_FILE_INVALID");
  }

  @Test
  void unterminatedBlock() {
    String pem = TestCertificates.rootCa("Cut").certificatePem();
    String cut = pem.substring(0, pem.indexOf("-----END"));
    assertThat(codes(TrustAnchors.readPem(cut, "x"))).containsExactly("CA_FILE_INVALID");
  }

  @Test
  void oneGoodOneBadBlockIsAnError() {
    String pem =
        TestCertificates.rootCa("Good").certificatePem()
            + "-----BEGIN CERTIFICATE-----\nAAECAwQ=\n-----END CERTIFICATE-----\n";
    assertThat(TrustAnchors.readPem(pem, "x").isOk()).isFalse();
  }

  private static List<String> codes(ParseResult<?> result) {
    return result.errors().stream().map(Problem::code).toList();
  }
}
