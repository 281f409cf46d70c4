package dev.mtasts.app.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Starting, describing and stopping the lab, through the API and through {@code mtasts lab}. */
class LabLifecycleTest {

  @TempDir Path dir;

  @Test
  void closeFreesEveryListener() throws Exception {
    long started = System.nanoTime();
    Lab lab = Lab.start(LabOptions.ephemeral(dir));
    Duration startup = Duration.ofNanos(System.nanoTime() - started);
    InetAddress mx = lab.address("mx1.good.test").orElseThrow();
    InetAddress policyHost = lab.address("mta-sts.good.test").orElseThrow();
    Clients.connect(mx, lab.smtpPort()).close();

    started = System.nanoTime();
    lab.close();
    Duration shutdown = Duration.ofNanos(System.nanoTime() - started);

    System.out.printf("lab start %d ms, stop %d ms%n", startup.toMillis(), shutdown.toMillis());
    assertNothingServes(mx, lab.smtpPort());
    assertNothingServes(policyHost, lab.httpsPort());
    assertNothingServes(lab.dnsAddress().getAddress(), lab.dnsAddress().getPort());
  }

  /**
   * Refused; or, on a loaded machine, a SYN caught in the closing listener's backlog, a connection
   * that is then reset or ended without a byte. Either way nothing accepts and keeps it: a live
   * server would greet (SMTP) or wait for the client (HTTPS, DNS over TCP) until the timeout.
   */
  private static void assertNothingServes(InetAddress address, int port) {
    try (Socket socket = Clients.connect(address, port)) {
      socket.setSoTimeout(3_000);
      assertThat(socket.getInputStream().read())
          .as("%s:%d after close", address, port)
          .isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError(address + ":" + port + " still serves after close", e);
    } catch (IOException e) {
      // Refused or reset: closed.
    }
  }

  @Test
  void hostsHaveTheirOwnLoopbackAddresses() throws Exception {
    try (Lab lab = Lab.start(LabOptions.ephemeral(dir))) {
      assertThat(lab.address("mta-sts.good.test"))
          .hasValueSatisfying(a -> assertThat(a.getHostAddress()).startsWith("127.0.1."));
      assertThat(lab.address("mx1.good.test"))
          .hasValueSatisfying(a -> assertThat(a.getHostAddress()).startsWith("127.0.2."));
      assertThat(lab.address("mx1.mx-unreachable.test"))
          .hasValueSatisfying(a -> assertThat(a.getHostAddress()).startsWith("127.0.3."));
      assertThat(lab.address("mta-sts.no-policy-host.test")).isEmpty();
      assertThat(lab.caFile()).isAbsolute().exists();
      assertThat(dir.resolve("certs/mx1.good.test.pem")).exists();
    }
  }

  @Test
  void jsonFirstLineDescribesTheRunningLab() throws Exception {
    PipedWriter sink = new PipedWriter();
    BufferedReader lines = new BufferedReader(new PipedReader(sink, 65_536));
    AtomicInteger exit = new AtomicInteger(-1);
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(sink, true));
    Thread running =
        Thread.ofVirtual()
            .start(
                () ->
                    exit.set(
                        cli.execute(
                            "lab",
                            "--json",
                            "--dir",
                            dir.toString(),
                            "--dns-port",
                            "0",
                            "--https-port",
                            "0",
                            "--smtp-port",
                            "0")));

    String first = lines.readLine();
    Map<?, ?> json = JsonMapper.builder().build().readValue(first, Map.class);

    assertThat(json.keySet().stream().map(String::valueOf).toList())
        .containsExactly("dns", "caFile", "httpsPort", "smtpPort", "domains");
    assertThat((String) json.get("dns")).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(Path.of((String) json.get("caFile")))
        .isAbsolute()
        .isEqualTo(dir.resolve("ca.pem").toAbsolutePath());
    assertThat((Integer) json.get("httpsPort")).isPositive();
    assertThat((Integer) json.get("smtpPort")).isPositive();
    assertThat((java.util.List<?>) json.get("domains")).first().isEqualTo("good.test");
    assertThat((java.util.List<?>) json.get("domains")).hasSize(Scenarios.all().size());
    String[] dns = ((String) json.get("dns")).split(":");
    Clients.connect(InetAddress.getByName(dns[0]), Integer.parseInt(dns[1])).close();

    running.interrupt();
    running.join(Duration.ofSeconds(10));
    assertThat(running.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
  }

  @Test
  void zoneOnlyWritesTheZoneAndExits() throws Exception {
    Path zone = dir.resolve("test.zone");

    int exit =
        Main.run(
            "lab",
            "--dir",
            dir.toString(),
            "--dns-port",
            "0",
            "--https-port",
            "0",
            "--smtp-port",
            "0",
            "--zone-file",
            zone.toString(),
            "--zone-only");

    assertThat(exit).isZero();
    assertThat(zone)
        .content()
        .startsWith("; the mtasts lab world\n$ORIGIN test.\n")
        .contains("good.test.");
  }
}
