package dev.mtasts.app.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.app.hosting.ServedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.util.CSRBuilder;
import org.shredzone.acme4j.util.CertificateUtils;

class AcmeStorageTest {

  @TempDir Path data;

  @Test
  void accountKeyIsMadeOnceAndReadBackPerDirectory() throws Exception {
    AcmeStorage storage = new AcmeStorage(data);
    KeyPair first = storage.accountKey("https://acme.example/dir");
    KeyPair again = new AcmeStorage(data).accountKey("https://acme.example/dir");
    KeyPair other = storage.accountKey("https://other.example/dir");

    assertThat(again.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
    assertThat(again.getPrivate().getEncoded()).isEqualTo(first.getPrivate().getEncoded());
    assertThat(other.getPublic().getEncoded()).isNotEqualTo(first.getPublic().getEncoded());
    assertThat(Files.getPosixFilePermissions(data.resolve("acme")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    try (var files = Files.list(data.resolve("acme"))) {
      for (Path file : files.toList()) {
        assertThat(Files.getPosixFilePermissions(file))
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      }
    }
  }

  @Test
  void certificateIsReadBackWithItsKey() throws Exception {
    AcmeStorage storage = new AcmeStorage(data);
    KeyPair key = KeyPairs.p256();
    List<X509Certificate> chain = chain("mta-sts.example.org", key);
    storage.saveCertificate("mta-sts.example.org", key, chain);

    ServedCertificate read = new AcmeStorage(data).certificate("mta-sts.example.org").orElseThrow();
    assertThat(read.chain()).isEqualTo(chain);
    assertThat(read.key().getEncoded()).isEqualTo(key.getPrivate().getEncoded());
    assertThat(Files.getPosixFilePermissions(data.resolve("acme/mta-sts.example.org/key.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(data.resolve("acme/mta-sts.example.org")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void missingCertificateIsAbsent() throws Exception {
    assertThat(new AcmeStorage(data).certificate("mta-sts.example.org")).isEmpty();
  }

  @Test
  void chainWhoseKeyIsAnotherIsAbsentSoANewOneIsObtained() throws Exception {
    AcmeStorage storage = new AcmeStorage(data);
    KeyPair key = KeyPairs.p256();
    storage.saveCertificate(
        "mta-sts.example.org", KeyPairs.p256(), chain("mta-sts.example.org", key));
    assertThat(storage.certificate("mta-sts.example.org")).isEmpty();
  }

  @Test
  void unreadableKeyIsAnErrorNamingTheFile() throws Exception {
    Path dir = Files.createDirectories(data.resolve("acme/mta-sts.example.org"));
    Files.writeString(dir.resolve("key.pem"), "not a key");
    assertThatThrownBy(() -> new AcmeStorage(data).certificate("mta-sts.example.org"))
        .hasMessageContaining("key.pem");
  }

  @Test
  void hostThatIsNoFileNameIsRefused() {
    AcmeStorage storage = new AcmeStorage(data);
    for (String host : List.of("../etc", "a/b", ".hidden", "")) {
      assertThatThrownBy(() -> storage.certificate(host))
          .as(host)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static List<X509Certificate> chain(String host, KeyPair key) throws Exception {
    KeyPair rootKey = KeyPairs.rsa2048();
    Instant now = Instant.now();
    X509Certificate root =
        CertificateUtils.createTestRootCertificate(
            "CN=root", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), rootKey);
    CSRBuilder csr = new CSRBuilder();
    csr.addDomain(host);
    csr.sign(key);
    X509Certificate leaf =
        CertificateUtils.createTestCertificate(
            csr.getCSR(),
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(90)),
            root,
            rootKey.getPrivate());
    return List.of(leaf, root);
  }
}
