package dev.mtasts.app.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.testing.MtastsJar;
import dev.mtasts.app.testing.RequiredService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar's {@code serve} with {@code policy_host}: SIGHUP reloads (logged) instead of ending
 * the process, and the policy is served before and after.
 */
class PolicyHostSighupIT {

  @TempDir Path dir;

  @Test
  void sighupReloadsAndServeGoesOnServing() throws Exception {
    RequiredService.assume(Curl.available(), "curl");
    MtastsJar jar = MtastsJar.assumeBuilt();
    HostedDomains hosted = new HostedDomains(dir);
    hosted.issue("a.test", CertificateKind.VALID);
    Path config =
        Files.writeString(
            dir.resolve("serve.yml"),
            """
            data: data
            http: {listen: 127.0.0.1:0}
            policy_host:
              listen: 127.0.0.1:0
              domains:
                a.test: {mx: [mx1.a.test], certificate: {cert: a.test.pem, key: a.test.key}}
            """);
    Path err = dir.resolve("serve.err");
    Process serve =
        new ProcessBuilder(jar.command("serve", "--config", config.toString()))
            .redirectError(err.toFile())
            .start();
    try {
      int port = policyPort(serve, err);
      Curl curl = new Curl(hosted.caFile, new InetSocketAddress("127.0.0.1", port), dir);
      String policy = curl.https("mta-sts.a.test", PolicyHandler.PATH).body();
      assertThat(policy).contains("mx: mx1.a.test\r\n");

      assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(serve.pid())).start().waitFor())
          .isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.readString(err).contains("policy_host: reloaded, nothing changed"));
      assertThat(Files.readString(err)).contains("policy_host: SIGHUP, reloading");
      assertThat(serve.isAlive()).isTrue();
      assertThat(curl.https("mta-sts.a.test", PolicyHandler.PATH).body()).isEqualTo(policy);
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Reads standard output up to the policy listener's line; drains the rest. */
  private static int policyPort(Process serve, Path err) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("mtasts serve: policies on https://")) {
        String url = line.substring("mtasts serve: policies on ".length()).split(" ")[0];
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    out.transferTo(Writer.nullWriter());
                  } catch (IOException e) {
                    // the process ended
                  }
                });
        return Integer.parseInt(url.replaceAll("^https://[^:]+:(\\d+)/$", "$1"));
      }
    }
    throw new IOException("serve did not start; see " + err);
  }
}
