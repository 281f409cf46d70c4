package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.intake.DkimPolicy;
import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.RequiredService;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polling a real Dovecot on loopback, started by the test with its own config. */
class ImapPollerTest {

  private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

  @TempDir Path dir;
  private Path home;
  private Path conf;
  private int port;
  private ReportStore store;

  @BeforeEach
  void startDovecot() throws Exception {
    RequiredService.assume(
        Files.isExecutable(DOVECOT) && "root".equals(System.getProperty("user.name")),
        "dovecot (run as root)");
    // the mail processes run as the dovecot user: a world-readable directory outside @TempDir
    home = Files.createTempDirectory("mtasts-dovecot");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path mail = Files.createDirectories(home.resolve("mail"));
    Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.createDirectories(home.resolve("run"));
    Files.writeString(home.resolve("users"), "tls:{PLAIN}secret\n");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    conf = home.resolve("dovecot.conf");
    Files.writeString(
        conf,
        """
        protocols = imap
        listen = 127.0.0.1
        base_dir = H/run
        state_dir = H/run
        log_path = H/dovecot.log
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        mail_location = maildir:H/mail/%u
        first_valid_uid = 1
        passdb {
          driver = passwd-file
          args = scheme=PLAIN H/users
        }
        userdb {
          driver = static
          args = uid=dovecot gid=dovecot home=H/mail/%u
        }
        service anvil {
          chroot =
        }
        service imap-login {
          chroot =
          inet_listener imap {
            address = 127.0.0.1
            port = P
          }
          inet_listener imaps {
            port = 0
          }
        }
        """
            .replace("H/", home + "/")
            .replace("port = P", "port = " + port));
    Process p = new ProcessBuilder(DOVECOT.toString(), "-c", conf.toString()).inheritIO().start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        break;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
    store = ReportStore.open(new StoreLocation.Sqlite(dir.resolve("store.db")));
  }

  @AfterEach
  void stopDovecot() throws Exception {
    if (store != null) {
      store.close();
    }
    if (conf != null) {
      new ProcessBuilder("doveadm", "-c", conf.toString(), "stop")
          .inheritIO()
          .start()
          .waitFor(20, TimeUnit.SECONDS);
    }
    if (home != null) {
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private ImapPoller poller() throws Exception {
    Path password = dir.resolve("imap.pass");
    Files.writeString(password, "secret\n");
    IntakePipeline pipeline =
        new IntakePipeline(
            new ReportReader(),
            Attribution.only(Set.of("example.org")),
            store,
            new IntakeMetrics(new SimpleMeterRegistry()),
            new DkimPolicy(
                DkimPolicy.Mode.of("prefer"),
                new DkimVerifier(InMemoryResolver.builder().build(), Clock.systemUTC())));
    return ImapPoller.of(
        new ServeConfig.Imap(
            URI.create("imap://tls@127.0.0.1:" + port + "/INBOX"),
            password,
            Duration.ofSeconds(300),
            "Processed",
            "Failed"),
        pipeline);
  }

  private Store mailbox() throws Exception {
    Store s = Session.getInstance(new Properties()).getStore("imap");
    s.connect("127.0.0.1", port, "tls", "secret");
    return s;
  }

  private void append(byte[]... mails) throws Exception {
    try (Store s = mailbox()) {
      Folder inbox = s.getFolder("INBOX");
      for (byte[] mail : mails) {
        inbox.appendMessages(new Message[] {new MimeMessage(null, new ByteArrayInputStream(mail))});
      }
    }
  }

  private int count(String folder) throws Exception {
    try (Store s = mailbox()) {
      Folder f = s.getFolder(folder);
      return f.exists() ? f.getMessageCount() : -1;
    }
  }

  private static byte[] report(String id) {
    return TestReports.mail(
        "TLS reports <reports@sender.example>",
        "example.org",
        TestReports.json("Sender Inc", id, "2026-12-01", "example.org", 10, Map.of()));
  }

  @Test
  void aReportIsStoredAndMovedToProcessedAndANonReportToFailed() throws Exception {
    append(
        report("imap-1"),
        "From: a@b.example\r\nSubject: hello\r\n\r\nnot a report\r\n"
            .getBytes(StandardCharsets.US_ASCII));
    try (ImapPoller poller = poller()) {
      assertThat(poller.pollOnce()).isEqualTo(2);
    }
    DomainSummary summary = store.summary("example.org", Optional.empty(), Optional.empty());
    assertThat(summary.reports()).isEqualTo(1);
    assertThat(summary.successful()).isEqualTo(10);
    assertThat(count("INBOX")).isZero();
    assertThat(count("Processed")).isEqualTo(1);
    assertThat(count("Failed")).isEqualTo(1);
  }

  @Test
  void aDuplicateAlsoMovesToProcessed() throws Exception {
    append(report("imap-dup"), report("imap-dup"));
    try (ImapPoller poller = poller()) {
      assertThat(poller.pollOnce()).isEqualTo(2);
    }
    assertThat(count("Processed")).isEqualTo(2);
    assertThat(count("Failed")).isZero();
  }

  @Test
  void withTheStoreClosedTheMessageStaysInTheInbox() throws Exception {
    append(report("imap-2"));
    ImapPoller poller = poller();
    store.close();
    store = null;
    try (poller) {
      assertThat(poller.pollOnce()).isZero();
    }
    assertThat(count("INBOX")).isEqualTo(1);
    assertThat(count("Processed")).isZero();
  }

  @Test
  void serveWithReportsImapPollsAtStartAndStopsOnClose() throws Exception {
    append(report("imap-serve"));
    Files.writeString(dir.resolve("imap.pass"), "secret\n");
    ParseResult<ServeConfig> parsed =
        ServeConfigReader.read(
            "data: serve-data\nhttp:\n  listen: 127.0.0.1:0\nreports:\n  domains: [example.org]\n"
                + "  imap: {url: 'imap://tls@127.0.0.1:"
                + port
                + "/INBOX', password_file: imap.pass, processed_folder: Done}\n",
            dir);
    assertThat(parsed.errors()).isEmpty();
    try (ServeService serve =
        ServeService.start(parsed.orThrow(), "token", SystemdNotifier.fromEnvironment())) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count("Done") == 1);
    }
    assertThat(count("INBOX")).isZero();
  }

  @Test
  void aWrongPasswordFailsThePollAndMovesNothing() throws Exception {
    append(report("imap-3"));
    ImapPoller poller = poller();
    Files.writeString(dir.resolve("imap.pass"), "wrong\n");
    try (poller) {
      org.assertj.core.api.Assertions.assertThatThrownBy(poller::pollOnce)
          .isInstanceOf(jakarta.mail.AuthenticationFailedException.class)
          .hasMessageNotContaining("wrong");
    }
    assertThat(count("INBOX")).isEqualTo(1);
  }
}
