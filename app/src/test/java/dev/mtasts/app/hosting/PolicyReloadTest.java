package dev.mtasts.app.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.lab.ca.IssuedCertificate;
import dev.mtasts.app.testing.RequiredService;
import dev.mtasts.core.policy.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PolicyHosting#apply}: a new configuration or certificate is served from the next request
 * or handshake without dropping connections; one that cannot be used is refused whole and the
 * previous one goes on serving.
 */
class PolicyReloadTest {

  @TempDir Path dir;
  private HostedDomains hosted;
  private PolicyHosting hosting;
  private Curl curl;

  @BeforeEach
  void start() throws Exception {
    RequiredService.assume(Curl.available(), "curl");
    hosted = new HostedDomains(dir);
    hosting = PolicyHosting.start(hosted.config("a.test", "b.test"), new PemCertificates());
    curl = new Curl(hosted.caFile, hosting.address(), dir);
  }

  @AfterEach
  void stop() {
    if (hosting != null) {
      hosting.close();
    }
  }

  private HostedDomain domain(String name) {
    return hosting.config().domain(name).orElseThrow();
  }

  private PolicyHostConfig with(HostedDomain... domains) {
    return new PolicyHostConfig(hosting.config().listen(), List.of(domains));
  }

  @Test
  void aSwappedCertificateServesNewHandshakesWhileAnOpenConnectionKeepsWorking() throws Exception {
    String oldSerial = hosting.certificate("a.test").orElseThrow().serial();
    try (TlsClient open = new TlsClient(hosted.ca.root(), hosting.address(), "mta-sts.a.test")) {
      assertThat(open.get(PolicyHandler.PATH).status()).isEqualTo(200);
      hosted.issue("a.test", CertificateKind.VALID); // certbot renewed: same paths, new files
      assertThat(hosting.reloadCertificates()).isTrue();
      String newSerial = hosting.certificate("a.test").orElseThrow().serial();
      assertThat(newSerial).isNotEqualTo(oldSerial);

      TlsClient.Response again = open.get(PolicyHandler.PATH);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(hosting.policy("a.test").orElseThrow().text());
      assertThat(open.peer().getSerialNumber().toString(16)).isEqualToIgnoringCase(oldSerial);
      try (TlsClient fresh = new TlsClient(hosted.ca.root(), hosting.address(), "mta-sts.a.test")) {
        assertThat(fresh.peer().getSerialNumber().toString(16)).isEqualToIgnoringCase(newSerial);
        assertThat(fresh.get(PolicyHandler.PATH).status()).isEqualTo(200);
      }
    }
  }

  @Test
  void aChangedPolicyIsServedWithANewIdAndEtag() throws Exception {
    HostedPolicy before = hosting.policy("a.test").orElseThrow();
    HostedDomain a = domain("a.test");
    HostedDomain enforced =
        new HostedDomain(
            "a.test", HostedDomains.policy(Mode.ENFORCE, "mx1.a.test"), a.certificate());
    assertThat(hosting.apply(with(enforced, domain("b.test")))).isTrue();
    HostedPolicy after = hosting.policy("a.test").orElseThrow();
    assertThat(after.id()).isNotEqualTo(before.id());

    Curl.Result r =
        curl.https("mta-sts.a.test", PolicyHandler.PATH, "-H", "If-None-Match: " + before.etag());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("mode: enforce\r\n").isEqualTo(after.text());
    assertThat(r.header("ETag")).isEqualTo(after.etag());
  }

  @Test
  void anAddedDomainIsServedAndARemovedOneIsNot() throws Exception {
    HostedDomain c =
        new HostedDomain(
            "c.test",
            HostedDomains.policy(Mode.TESTING, "mx.c.test"),
            hosted.issue("c.test", CertificateKind.VALID));
    assertThat(hosting.apply(with(domain("b.test"), c))).isTrue();
    assertThat(curl.https("mta-sts.c.test", PolicyHandler.PATH).body())
        .isEqualTo(hosting.policy("c.test").orElseThrow().text());
    Curl.Result removed = curl.https("mta-sts.a.test", PolicyHandler.PATH);
    assertThat(removed.exit()).isEqualTo(35);
    assertThat(removed.body()).doesNotContain("STSv1");
  }

  // --- refused: the previous configuration goes on serving ---

  private void refusedAndUnchanged(PolicyHostConfig bad) throws Exception {
    HostedPolicy policy = hosting.policy("a.test").orElseThrow();
    ServedCertificate cert = hosting.certificate("a.test").orElseThrow();
    assertThat(hosting.apply(bad)).isFalse();
    assertThat(hosting.policy("a.test")).contains(policy);
    assertThat(hosting.certificate("a.test")).contains(cert);
    try (TlsClient client = new TlsClient(hosted.ca.root(), hosting.address(), "mta-sts.a.test")) {
      assertThat(client.peer()).isEqualTo(cert.leaf());
      assertThat(client.get(PolicyHandler.PATH).body()).isEqualTo(policy.text());
    }
  }

  private HostedDomain enforcedA(CertificateSource source) {
    return new HostedDomain("a.test", HostedDomains.policy(Mode.ENFORCE, "mx1.a.test"), source);
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
    CertificateSource.PemFiles current =
        (CertificateSource.PemFiles) domain("a.test").certificate();
    IssuedCertificate other = hosted.ca.issue("mta-sts.a.test", CertificateKind.VALID);
    Path elsewhere = Files.createDirectory(dir.resolve("other"));
    CertificateSource.PemFiles otherFiles = new HostedDomains(elsewhere).write("a.test", other);
    // the new chain with the old key: a half-finished renewal
    refusedAndUnchanged(
        with(
            enforcedA(new CertificateSource.PemFiles(otherFiles.cert(), current.key())),
            domain("b.test")));
  }

  @Test
  void aCertificateForAnotherNameIsRefused() throws Exception {
    Path elsewhere = Files.createDirectory(dir.resolve("other"));
    CertificateSource.PemFiles wrong =
        new HostedDomains(elsewhere).issue("b.test", CertificateKind.VALID);
    refusedAndUnchanged(with(enforcedA(wrong), domain("b.test")));
  }

  @Test
  void aMissingCertificateFileIsRefused() throws Exception {
    refusedAndUnchanged(
        with(
            enforcedA(
                new CertificateSource.PemFiles(dir.resolve("none.pem"), dir.resolve("none.key"))),
            domain("b.test")));
  }

  @Test
  void aFileThatIsNotPemIsRefused() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
    refusedAndUnchanged(
        with(enforcedA(new CertificateSource.PemFiles(junk, junk)), domain("b.test")));
  }
}
