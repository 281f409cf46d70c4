package dev.mtasts.app.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.app.serve.ServeService;
import dev.mtasts.app.testing.RequiredService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --config FILE} with {@code policy_host}: the listener comes up with the service, an
 * edit of the file or a renewed certificate file is served without a restart, and a broken file is
 * refused while the previous configuration goes on serving.
 */
class ServePolicyHostTest {

  @TempDir Path dir;
  private ServeService service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static String yaml(String modeOfA) {
    return """
        data: data
        http: {listen: 127.0.0.1:0}
        policy_host:
          listen: 127.0.0.1:0
          domains:
            a.test:
              mode: %s
              mx: [mx1.a.test]
              certificate: {cert: a.test.pem, key: a.test.key}
            b.test:
              mx: [mx1.b.test]
              certificate: {cert: b.test.pem, key: b.test.key}
        """
        .formatted(modeOfA);
  }

  @Test
  void editsAndRenewalsAreServedAndABrokenFileIsRefused() throws Exception {
    RequiredService.assume(Curl.available(), "curl");
    HostedDomains hosted = new HostedDomains(dir);
    hosted.issue("a.test", CertificateKind.VALID);
    hosted.issue("b.test", CertificateKind.VALID);
    Path file = Files.writeString(dir.resolve("serve.yml"), yaml("testing"));
    service =
        ServeService.start(
            ServeConfigReader.read(Files.readString(file), dir).orThrow(),
            "token-0123456789abcdef",
            SystemdNotifier.fromEnvironment(),
            Optional.of(file));
    Curl curl = new Curl(hosted.caFile, service.policyHostAddress().orElseThrow(), dir);
    Curl.Result first = curl.https("mta-sts.a.test", PolicyHandler.PATH);
    assertThat(first.body()).contains("mode: testing\r\n");

    Files.writeString(file, yaml("enforce"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                curl.https("mta-sts.a.test", PolicyHandler.PATH).body().contains("mode: enforce"));
    String enforcedEtag = curl.https("mta-sts.a.test", PolicyHandler.PATH).header("ETag");
    assertThat(enforcedEtag).isNotEqualTo(first.header("ETag"));

    Files.writeString(file, "policy_host: [\n");
    await()
        .during(Duration.ofSeconds(3 * ReloadTrigger.POLL.toSeconds()))
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                enforcedEtag.equals(
                    curl.https("mta-sts.a.test", PolicyHandler.PATH).header("ETag")));

    Files.writeString(file, yaml("enforce").replace("mx: [mx1.b.test]", "mx: []"));
    await()
        .during(Duration.ofSeconds(3 * ReloadTrigger.POLL.toSeconds()))
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                curl.https("mta-sts.b.test", PolicyHandler.PATH).body().contains("mx: mx1.b.test"));

    Files.writeString(file, yaml("enforce"));
    String oldSerial = serial(hosted, "b.test");
    hosted.issue("b.test", CertificateKind.VALID);
    await().atMost(Duration.ofSeconds(30)).until(() -> !serial(hosted, "b.test").equals(oldSerial));
    assertThat(curl.https("mta-sts.b.test", PolicyHandler.PATH).status()).isEqualTo(200);
  }

  private String serial(HostedDomains hosted, String domain) throws Exception {
    try (TlsClient c =
        new TlsClient(
            hosted.ca.root(), service.policyHostAddress().orElseThrow(), "mta-sts." + domain)) {
      return c.peer().getSerialNumber().toString(16);
    }
  }
}
