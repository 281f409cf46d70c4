package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.testing.MtastsJar;
import dev.mtasts.core.testing.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real jar as an operator runs it: a stream of HTTPS uploads to {@code serve}, cut by SIGKILL
 * and a restart on the same data. Every report acknowledged before the kill is there after it, and
 * the sender's retries (of reports whose answer was lost) store none twice.
 */
class ServeKillIT {

  private static final int REPORTS = 600;
  private static final int KILL_AFTER_ACKS = 150;

  @TempDir Path dir;

  @Test
  void aKilledServeLosesNoAcknowledgedReportAndRetriesDuplicateNone() throws Exception {
    MtastsJar jar = MtastsJar.assumeBuilt();
    TestCertificates.Authority ca = TestCertificates.rootCa("Kill Test Root");
    TestCertificates.Issued leaf = ca.issue("localhost");
    Files.writeString(dir.resolve("fullchain.pem"), leaf.chainPem());
    Files.writeString(dir.resolve("privkey.pem"), leaf.keyPem());
    int httpPort = freePort();
    int httpsPort = freePort();
    Path config = dir.resolve("mtasts.yml");
    Files.writeString(
        config,
        "data: data\nhttp:\n  listen: 127.0.0.1:"
            + httpPort
            + "\n  rate_limit: {per_second: 0}\nhttps:\n  listen: 127.0.0.1:"
            + httpsPort
            + "\n  certificate: {cert: fullchain.pem, key: privkey.pem}\n");
    Process serve = start(jar, config, "first");
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
    URI upload = URI.create("https://localhost:" + httpsPort + "/v1/tlsrpt");

    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < REPORTS; i++) {
      todo.add(i);
    }
    AtomicInteger created = new AtomicInteger();
    Set<Integer> ackedBeforeKill;
    try (ExecutorService senders = Executors.newFixedThreadPool(8)) {
      for (int t = 0; t < 8; t++) {
        senders.submit(
            () -> {
              Integer i;
              while ((i = todo.poll()) != null) {
                if (send(client, upload, i, created)) {
                  acked.add(i);
                } else {
                  todo.add(i); // no answer: the sender retries later
                  Thread.sleep(50);
                }
              }
              return null;
            });
      }
      while (acked.size() < KILL_AFTER_ACKS) {
        Thread.sleep(5);
      }
      serve.destroyForcibly(); // SIGKILL
      serve.waitFor(10, TimeUnit.SECONDS);
      ackedBeforeKill = Set.copyOf(acked);
      serve = start(jar, config, "second");
      senders.shutdown();
      assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
    }
    try {
      assertThat(acked).hasSize(REPORTS);
      String token = Files.readString(dir.resolve("data/admin-token")).strip();
      JsonNode domains =
          JsonMapper.builder()
              .build()
              .readTree(
                  client
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create("http://127.0.0.1:" + httpPort + "/api/v1/domains"))
                              .header("Authorization", "Bearer " + token)
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body());
      List<String> stored = new ArrayList<>();
      long successful = 0;
      for (JsonNode d : domains.get("domains")) {
        stored.add(d.get("domain").asString());
        successful += d.get("successful").asLong();
      }
      for (int i : ackedBeforeKill) {
        assertThat(stored).contains(domain(i));
      }
      assertThat(stored).hasSize(REPORTS).doesNotHaveDuplicates();
      assertThat(successful).as("each report counted once").isEqualTo(REPORTS * 3L);
      // A report committed just before the kill, whose 201 was lost, is answered 200 on retry.
      assertThat(created.get()).isBetween(REPORTS - 8, REPORTS);
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(serve.exitValue()).as("SIGTERM stops cleanly").isIn(0, 143);
  }

  private static String domain(int i) {
    return "r" + i + ".example";
  }

  /** One upload; true when answered 201 or 200 (acknowledged), false when it must be retried. */
  private static boolean send(HttpClient client, URI upload, int i, AtomicInteger created) {
    byte[] body =
        TestReports.gzip(
            TestReports.json(
                "Kill Org", "kill-" + i, "2026-08-01", domain(i), 3, Map.of("dane-required", 1L)));
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(upload)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/tlsrpt+gzip")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 201) {
        created.incrementAndGet();
      }
      return r.statusCode() == 201 || r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Process start(MtastsJar jar, Path config, String name) throws IOException {
    Process p =
        new ProcessBuilder(jar.command("serve", "--config", config.toString()))
            .redirectError(dir.resolve(name + ".err").toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("mtasts serve: listening on https://")) {
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    out.transferTo(java.io.Writer.nullWriter());
                  } catch (IOException e) {
                    // the process ended
                  }
                });
        return p;
      }
    }
    throw new IOException("serve did not start; see " + dir.resolve(name + ".err"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static SSLContext trusting(TestCertificates.Authority ca) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    return tls;
  }
}
