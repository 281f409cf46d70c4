package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.intake.DkimPolicy;
import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.listen.CannotListenException;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.RequiredService;
import dev.mtasts.core.dkim.DkimSigner;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP listener (RFC 8460 §5.3) over loopback with a plain socket client. */
class SmtpIntakeTest {

  private static final int MAX_BYTES = 64 * 1024;
  private static KeyPair keys;

  @TempDir Path dir;
  private Path file;
  private ReportStore store;
  private SmtpIntake smtp;

  @BeforeAll
  static void makeKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    keys = rsa.generateKeyPair();
  }

  @BeforeEach
  void open() {
    file = dir.resolve("store.db");
    store = ReportStore.open(new StoreLocation.Sqlite(file));
  }

  @AfterEach
  void close() {
    if (smtp != null) {
      smtp.close();
    }
    store.close();
  }

  private InetSocketAddress start(DkimPolicy.Mode mode, List<String> recipients)
      throws CannotListenException {
    DnsResolver dns =
        InMemoryResolver.builder()
            .txt(
                "tlsrpt._domainkey.sender.example",
                "v=DKIM1; k=rsa; p="
                    + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))
            .build();
    IntakePipeline pipeline =
        new IntakePipeline(
            new ReportReader(),
            Attribution.only(Set.of("example.org")),
            store,
            new IntakeMetrics(new SimpleMeterRegistry()),
            new DkimPolicy(mode, new DkimVerifier(dns, Clock.systemUTC())));
    smtp =
        SmtpIntake.start(
            new ServeConfig.Smtp(new InetSocketAddress("127.0.0.1", 0), recipients, MAX_BYTES),
            List.of("example.org"),
            pipeline,
            Optional.empty());
    return smtp.address();
  }

  private static byte[] report(String id) {
    return TestReports.mail(
        "TLS reports <reports@sender.example>",
        "example.org",
        TestReports.json("Sender Inc", id, "2026-12-01", "example.org", 10, Map.of()));
  }

  private static byte[] signed(byte[] mail) {
    return new DkimSigner("sender.example", "tlsrpt", keys.getPrivate(), Clock.systemUTC())
        .sign(mail);
  }

  private List<String> stored() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT source, dkim_result, dkim_domain FROM raw_report ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
    }
    return out;
  }

  @Test
  void aSignedReportIsAcknowledgedOnceStoredWithDkimPass() throws Exception {
    InetSocketAddress at = start(DkimPolicy.Mode.REQUIRE, List.of());
    try (SmtpClient client = new SmtpClient(at)) {
      String reply = client.send("tlsrpt@example.org", signed(report("r1")));

      assertThat(reply).startsWith("250 2.6.0 stored for example.org");
      assertThat(stored()).containsExactly("smtp pass sender.example");
      // the same report again in the same session: acknowledged, stored once
      assertThat(client.send("TLSRPT@Example.ORG", signed(report("r1"))))
          .startsWith("250 2.6.0 already stored");
    }
    assertThat(stored()).hasSize(1);
  }

  @Test
  void anUnsignedReportIsStoredFlaggedUnderPreferAndRefusedUnderRequire() throws Exception {
    InetSocketAddress at = start(DkimPolicy.Mode.PREFER, List.of());
    try (SmtpClient client = new SmtpClient(at)) {
      assertThat(client.send("tlsrpt@example.org", report("r1"))).startsWith("250 ");
    }
    assertThat(stored()).containsExactly("smtp none null");
    smtp.close();

    at = start(DkimPolicy.Mode.REQUIRE, List.of());
    try (SmtpClient client = new SmtpClient(at)) {
      assertThat(client.send("tlsrpt@example.org", report("r2"))).startsWith("550 5.7.20 ");
    }
    assertThat(stored()).hasSize(1);
  }

  @Test
  void aTamperedReportIsRefusedUnderRequire() throws Exception {
    String text = new String(signed(report("r1")), StandardCharsets.ISO_8859_1);
    byte[] tampered =
        text.replace("A TLS report.", "A TLS report!").getBytes(StandardCharsets.ISO_8859_1);
    InetSocketAddress at = start(DkimPolicy.Mode.REQUIRE, List.of());
    try (SmtpClient client = new SmtpClient(at)) {
      assertThat(client.send("tlsrpt@example.org", tampered)).startsWith("550 5.7.20 ");
    }
    assertThat(stored()).isEmpty();
  }

  @Test
  void recipientsOutsideTheConfiguredDomainsAre550() throws Exception {
    InetSocketAddress at = start(DkimPolicy.Mode.PREFER, List.of());
    try (SmtpClient client = new SmtpClient(at)) {
      SmtpClient.expect(client.command("EHLO client.test"), "250");
      SmtpClient.expect(client.command("MAIL FROM:<a@sender.example>"), "250");
      assertThat(client.command("RCPT TO:<postmaster@other.example>")).startsWith("550 5.1.1 ");
      assertThat(client.command("RCPT TO:<tlsrpt@example.org.evil.example>")).startsWith("550 ");
      assertThat(client.command("DATA")).startsWith("503");
    }
    assertThat(stored()).isEmpty();
  }

  @Test
  void aRecipientListAcceptsOnlyItsAddresses() throws Exception {
    InetSocketAddress at = start(DkimPolicy.Mode.PREFER, List.of("tlsrpt@example.org"));
    try (SmtpClient client = new SmtpClient(at)) {
      SmtpClient.expect(client.command("EHLO client.test"), "250");
      SmtpClient.expect(client.command("MAIL FROM:<a@sender.example>"), "250");
      assertThat(client.command("RCPT TO:<other@example.org>")).startsWith("550 ");
      assertThat(client.command("RCPT TO:<tlsrpt@example.org>")).startsWith("250");
    }
  }

  @Test
  void mailThatIsNoReportIs554AndNothingIsStored() throws Exception {
    byte[] letter =
        "From: a@sender.example\r\nTo: tlsrpt@example.org\r\nSubject: hi\r\n\r\nHello.\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    InetSocketAddress at = start(DkimPolicy.Mode.PREFER, List.of());
    try (SmtpClient client = new SmtpClient(at)) {
      assertThat(client.send("tlsrpt@example.org", letter)).startsWith("554 5.6.0 ");
    }
    assertThat(stored()).isEmpty();
  }

  @Test
  void aReportForAnotherDomainIs554() throws Exception {
    byte[] other =
        TestReports.mail(
            "reports@sender.example",
            "other.example",
            TestReports.json("Sender Inc", "o", "2026-12-01", "other.example", 1, Map.of()));
    InetSocketAddress at = start(DkimPolicy.Mode.PREFER, List.of());
    try (SmtpClient client = new SmtpClient(at)) {
      assertThat(client.send("tlsrpt@example.org", other)).startsWith("554 ");
    }
    assertThat(stored()).isEmpty();
  }

  @Test
  void aMessageOverTheSizeLimitIs552() throws Exception {
    byte[] big =
        ("From: a@sender.example\r\nSubject: big\r\n\r\n" + "x".repeat(70) + "\r\n")
            .repeat(MAX_BYTES / 60)
            .getBytes(StandardCharsets.US_ASCII);
    InetSocketAddress at = start(DkimPolicy.Mode.PREFER, List.of());
    try (SmtpClient client = new SmtpClient(at)) {
      assertThat(client.command("EHLO client.test")).contains("SIZE " + MAX_BYTES);
      assertThat(client.command("MAIL FROM:<a@sender.example> SIZE=" + (MAX_BYTES + 1)))
          .startsWith("552");
      SmtpClient.expect(client.command("RSET"), "250");
      SmtpClient.expect(client.command("MAIL FROM:<a@sender.example>"), "250");
      SmtpClient.expect(client.command("RCPT TO:<tlsrpt@example.org>"), "250");
      assertThat(client.message(big)).startsWith("552");
    }
    assertThat(stored()).isEmpty();
  }

  @Test
  void swaksDeliversASignedReportThatIsStoredWithPass() throws Exception {
    RequiredService.assume(Files.isExecutable(Path.of("/usr/bin/swaks")), "swaks");
    Path message = dir.resolve("report.eml");
    Files.write(message, signed(report("swaks1")));
    InetSocketAddress at = start(DkimPolicy.Mode.REQUIRE, List.of());
    Process swaks =
        new ProcessBuilder(
                "/usr/bin/swaks",
                "--server",
                "127.0.0.1",
                "--port",
                String.valueOf(at.getPort()),
                "--from",
                "reports@sender.example",
                "--to",
                "tlsrpt@example.org",
                "--data",
                message.toString())
            .redirectErrorStream(true)
            .start();
    String transcript = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(swaks.waitFor()).as(transcript).isZero();
    assertThat(transcript).contains("<-  250 2.6.0 stored for example.org");
    assertThat(stored()).containsExactly("smtp pass sender.example");
  }

  @Test
  void aBusyPortIsOneMessageNamingTheAddressAndTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      IntakePipeline pipeline =
          new IntakePipeline(
              new ReportReader(),
              Attribution.acceptAll(),
              store,
              new IntakeMetrics(new SimpleMeterRegistry()),
              new DkimPolicy(
                  DkimPolicy.Mode.OFF,
                  new DkimVerifier(InMemoryResolver.builder().build(), Clock.systemUTC())));
      ServeConfig.Smtp config =
          new ServeConfig.Smtp(
              new InetSocketAddress("127.0.0.1", taken.getLocalPort()), List.of(), MAX_BYTES);
      assertThatThrownBy(() -> SmtpIntake.start(config, List.of(), pipeline, Optional.empty()))
          .isInstanceOf(CannotListenException.class)
          .hasMessage(
              "cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": the address is already in use (another process listens there);"
                  + " change reports.smtp.listen in the config");
    }
  }

  @Test
  void aStoreThatIsDownIs451() throws Exception {
    InetSocketAddress at = start(DkimPolicy.Mode.PREFER, List.of());
    store.close();
    try (SmtpClient client = new SmtpClient(at)) {
      assertThat(client.send("tlsrpt@example.org", report("r1"))).startsWith("451 4.3.0 ");
    }
  }
}
