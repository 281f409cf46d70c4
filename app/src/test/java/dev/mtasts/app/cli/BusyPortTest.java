package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each long-running command started on a busy port (issue 14): one line that names the address and
 * the setting to change, exit 2, no stack trace. A bad config is the same (one line a problem), and
 * so is a configured file or socket that cannot be used.
 */
@Timeout(60)
class BusyPortTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void resolverOnABusyPortSaysWhereAndWhatToChange(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, LOOPBACK)) {
      Path cfg = dir.resolve("mta-sts-daemon.yml");
      Files.writeString(
          cfg,
          "host: 127.0.0.1\nport: "
              + busy.getLocalPort()
              + "\nreuse_port: false\ncache:\n  type: internal\n");
      CliRun run = resolver(cfg);
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "mtasts resolver: cannot listen on 127.0.0.1:"
                  + busy.getLocalPort()
                  + ": the address is already in use (another process listens there); change"
                  + " host and port in the config, or set reuse_port: true to share the port"
                  + System.lineSeparator());
    }
  }

  /** Runs the resolver, which installs a default uncaught-exception handler: restored after. */
  private static CliRun resolver(Path cfg) throws Exception {
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    try {
      return CliRun.run("resolver", "--config", cfg.toString());
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  @Test
  void resolverWithABadConfigSaysWhichLine(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("mta-sts-daemon.yml");
    Files.writeString(cfg, "port: eighty\n");
    CliRun run = CliRun.run("resolver", "--config", cfg.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString().contains("(line 1)");
  }

  @Test
  void aSecondLabOnTheSameDnsPortSaysWhatToChange(@TempDir Path dir) throws Exception {
    try (DatagramSocket busy = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      int port = busy.getLocalPort();
      CliRun run =
          CliRun.run(
              "lab",
              "--dir",
              dir.toString(),
              "--dns-port",
              String.valueOf(port),
              "--https-port",
              "0",
              "--smtp-port",
              "0");
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "mtasts lab: cannot listen on 127.0.0.1:"
                  + port
                  + ": the address is already in use (another process listens there); change"
                  + " --dns-port, or stop the lab that is already running"
                  + System.lineSeparator());
    }
  }

  @Test
  void aBusyPolicyPortIsNamedWithItsAddress(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.1.1"), 0));
      int port = busy.getLocalPort();
      CliRun run =
          CliRun.run(
              "lab",
              "--dir",
              dir.toString(),
              "--dns-port",
              "0",
              "--https-port",
              String.valueOf(port),
              "--smtp-port",
              "0");
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err().lines())
          .singleElement()
          .asString()
          .startsWith("mtasts lab: cannot listen on 127.0.1.")
          .endsWith("change --https-port, or stop the lab that is already running");
    }
  }

  @Test
  void serveOnABusyPortSaysWhereAndWhichKey(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, LOOPBACK)) {
      Path cfg = dir.resolve("mtasts.yml");
      Files.writeString(
          cfg,
          "data: "
              + dir.resolve("data")
              + "\nhttp:\n  listen: 127.0.0.1:"
              + busy.getLocalPort()
              + "\n");
      CliRun run = CliRun.run("serve", "--config", cfg.toString());
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err())
          .isEqualTo(
              "mtasts serve: cannot listen on 127.0.0.1:"
                  + busy.getLocalPort()
                  + ": the address is already in use (another process listens there); change"
                  + " http.listen in the config"
                  + System.lineSeparator());
    }
  }

  @Test
  void serveWithABadConfigSaysWhichLine(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("mtasts.yml");
    Files.writeString(cfg, "data: " + dir.resolve("data") + "\nhtp:\n  listen: 127.0.0.1:1\n");
    CliRun run = CliRun.run("serve", "--config", cfg.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString().contains("htp", "line 2");
  }

  private static final String REPORTING =
      """
      tlsrpt_reporting:
        %s
        data: %s
        organization_name: Example Mail
        contact_info: mailto:tlsrpt@example.net
        submitter: example.net
        dkim: mta
      """;

  @Test
  void resolverWithAMailLogInAMissingDirectorySaysWhichKey(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("mta-sts-daemon.yml");
    Path log = dir.resolve("no-such-dir/mail.log");
    Files.writeString(
        cfg,
        "host: 127.0.0.1\nport: 0\ncache:\n  type: internal\n"
            + REPORTING.formatted("postfix_log: " + log, dir.resolve("sending")));
    CliRun run = resolver(cfg);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "mtasts resolver: tlsrpt_reporting.postfix_log "
                + log
                + ": its directory does not exist"
                + System.lineSeparator());
  }

  @Test
  void serveWithASocketUnderAFileSaysWhichKeyAndWhy(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("run"), "a file, not a directory\n");
    Path socket = dir.resolve("run/tlsrpt.sock");
    Path cfg = dir.resolve("mtasts.yml");
    Files.writeString(
        cfg,
        "data: "
            + dir.resolve("data")
            + "\nhttp:\n  listen: 127.0.0.1:0\n"
            + REPORTING.formatted("socket: " + socket, dir.resolve("sending")));
    CliRun run = CliRun.run("serve", "--config", cfg.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("mtasts serve: tlsrpt_reporting.socket " + socket + ": cannot listen there (")
        .doesNotContain("Exception");
  }
}
