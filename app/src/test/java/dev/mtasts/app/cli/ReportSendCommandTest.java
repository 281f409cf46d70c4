package dev.mtasts.app.cli;

import static dev.mtasts.app.sending.SendingFixtures.sts;
import static dev.mtasts.app.sending.SendingFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.lab.dns.DnsServer;
import dev.mtasts.app.lab.dns.Zone;
import dev.mtasts.app.sending.RawSmtpSink;
import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.app.sending.aggregate.Aggregator;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.TestPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;

/** {@code report send --config FILE --day}: the whole path from the command line, idempotent. */
class ReportSendCommandTest {

  @TempDir Path dir;
  private DnsServer dns;
  private RawSmtpSink relay;

  @BeforeEach
  void start() throws Exception {
    Name apex = Name.fromString("example.com.");
    SOARecord soa =
        new SOARecord(
            apex,
            DClass.IN,
            60,
            Name.fromString("ns.example.com."),
            Name.fromString("hostmaster.example.com."),
            1,
            3600,
            600,
            86_400,
            60);
    TXTRecord record =
        new TXTRecord(
            Name.fromString("_smtp._tls.example.com."),
            DClass.IN,
            60,
            "v=TLSRPTv1; rua=mailto:tlsrpt@example.com");
    dns =
        DnsServer.start(
            new Zone(soa, List.of(record)),
            InetAddress.getLoopbackAddress(),
            0,
            Duration.ofSeconds(10));
    relay = new RawSmtpSink();
  }

  @AfterEach
  void stop() {
    relay.close();
    dns.close();
  }

  private Path config(InetSocketAddress relayAt) throws Exception {
    return config(relayAt, "");
  }

  /** The resolver's file; {@code more} adds lines to its tlsrpt_reporting section. */
  private Path config(InetSocketAddress relayAt, String more) throws Exception {
    Path file = dir.resolve("mta-sts-daemon.yml");
    Files.writeString(
        file,
        """
        path: /run/mta-sts.sock
        mtasts:
          dns: 127.0.0.1:%d
        tlsrpt_reporting:
          data: %s
          organization_name: Example Mail
          contact_info: mailto:tlsrpt@example.net
          submitter: example.net
          dkim: mta
          smtp: {relay: 127.0.0.1:%d}
        %s
        """
            .formatted(dns.address().getPort(), dir.resolve("sending"), relayAt.getPort(), more));
    return file;
  }

  private void feed() {
    feed(new StoreLocation.Sqlite(dir.resolve("sending/sending.db")));
  }

  private void feed(StoreLocation store) {
    try (SendingDatabase database = SendingDatabase.open(store);
        Aggregator aggregator = new Aggregator(database, Duration.ofHours(1))) {
      for (int i = 0; i < 3; i++) {
        aggregator.record(
            success(Instant.parse("2026-11-30T08:00:00Z"), "example.com", sts("example.com")));
      }
    }
  }

  @Test
  void sendsTheDaysReportOnceAndASecondRunSendsNothing() throws Exception {
    feed();
    Path config = config(relay.address());

    CliRun first =
        CliRun.run("report", "send", "--config", config.toString(), "--day", "2026-11-30");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("example.com mailto:tlsrpt@example.com delivered");
    assertThat(relay.received()).hasSize(1);

    CliRun second =
        CliRun.run("report", "send", "--config", config.toString(), "--day", "2026-11-30");
    assertThat(second.exit()).isZero();
    assertThat(second.out()).contains("already-delivered");
    assertThat(relay.received()).hasSize(1);
  }

  @Test
  void aPostgresqlSectionSendsOnceFromThatDatabase() throws Exception {
    String url = TestPostgres.freshSchemaUrl();
    feed(StoreLocation.ofUrl(url));
    Path config = config(relay.address(), "  database: \"" + url + "\"");

    CliRun first =
        CliRun.run("report", "send", "--config", config.toString(), "--day", "2026-11-30");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("example.com mailto:tlsrpt@example.com delivered");
    CliRun second =
        CliRun.run("report", "send", "--config", config.toString(), "--day", "2026-11-30");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("already-delivered");
    assertThat(relay.received()).hasSize(1);
    assertThat(dir.resolve("sending/sending.db")).as("SQLite is not used").doesNotExist();
  }

  @Test
  void servesFileOnPostgresqlSendsFromServesDatabase() throws Exception {
    String url = TestPostgres.freshSchemaUrl();
    feed(StoreLocation.ofUrl(url));
    Path file = dir.resolve("serve.yml");
    Files.writeString(
        file,
        """
        data: %s
        database: "%s"
        dns: 127.0.0.1:%d
        tlsrpt_reporting:
          organization_name: Example Mail
          submitter: example.net
          dkim: mta
          smtp: {relay: 127.0.0.1:%d}
        """
            .formatted(
                dir.resolve("serve-data"),
                url,
                dns.address().getPort(),
                relay.address().getPort()));

    CliRun run = CliRun.run("report", "send", "--config", file.toString(), "--day", "2026-11-30");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("example.com mailto:tlsrpt@example.com delivered");
    assertThat(relay.received()).hasSize(1);
    assertThat(dir.resolve("serve-data/sending.db")).as("SQLite is not used").doesNotExist();
  }

  @Test
  void anUnreachableDatabaseIsExit2WithoutItsPassword() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path config =
        config(
            relay.address(),
            "  database: jdbc:postgresql://127.0.0.1:%d/mtasts?user=mtasts&password=s3cret"
                .formatted(closed));
    CliRun run = CliRun.run("report", "send", "--config", config.toString(), "--day", "2026-11-30");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("the sending database is unavailable").doesNotContain("s3cret");
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void aDatabaseThatIsNoJdbcUrlIsExit2NamingTheKey() throws Exception {
    Path config = config(relay.address(), "  database: mysql://127.0.0.1/mtasts");
    CliRun run = CliRun.run("report", "send", "--config", config.toString(), "--day", "2026-11-30");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("tlsrpt_reporting.database").contains("jdbc:postgresql");
  }

  @Test
  void aDayWithoutResultsSendsNothing() throws Exception {
    feed();
    CliRun run =
        CliRun.run(
            "report",
            "send",
            "--config",
            config(relay.address()).toString(),
            "--day",
            "2026-11-29");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("nothing to send");
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void anUnreachableRelayIsExit1() throws Exception {
    feed();
    InetSocketAddress closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
    }
    CliRun run =
        CliRun.run("report", "send", "--config", config(closed).toString(), "--day", "2026-11-30");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("not-sent-will-retry");
  }

  @Test
  void aBadDayIsExit2() throws Exception {
    CliRun run =
        CliRun.run(
            "report",
            "send",
            "--config",
            config(relay.address()).toString(),
            "--day",
            "30.11.2026");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--day must be YYYY-MM-DD");
  }

  @Test
  void aConfigWithoutTheSectionIsExit2() throws Exception {
    Path file = dir.resolve("plain.yml");
    Files.writeString(file, "path: /run/mta-sts.sock\n");
    CliRun run = CliRun.run("report", "send", "--config", file.toString(), "--day", "2026-11-30");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no tlsrpt_reporting section");
  }

  @Test
  void anInvalidSectionIsExit2NamingTheKey() throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(file, "tlsrpt_reporting:\n  data: /tmp/x\n  colour: blue\n");
    CliRun run = CliRun.run("report", "send", "--config", file.toString(), "--day", "2026-11-30");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("tlsrpt_reporting.colour");
  }

  @Test
  void anUnreadableConfigIsExit2() {
    CliRun run =
        CliRun.run(
            "report",
            "send",
            "--config",
            dir.resolve("absent.yml").toString(),
            "--day",
            "2026-11-30");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot read");
  }
}
