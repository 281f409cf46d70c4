package dev.mtasts.app.relay;

import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.lab.ca.IssuedCertificate;
import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.app.sending.RawSmtpSink;
import dev.mtasts.app.testing.PostfixInstance;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A real smarthost on loopback: Postfix's smtpd with SMTP AUTH through a private Dovecot ({@code
 * smtpd_sasl_type = dovecot}, a passwd-file with user {@value #USER}), a certificate for {@code
 * localhost} from a lab CA, and three listeners:
 *
 * <ul>
 *   <li>{@link #starttlsPort}: STARTTLS offered, AUTH offered before and after it, relaying for
 *       authenticated clients only (a 554 to anyone else);
 *   <li>{@link #plainPort}: no STARTTLS, AUTH offered in clear text (Dovecot accepts it), relaying
 *       for loopback clients without AUTH too;
 *   <li>{@link #implicitPort}: TLS from the first byte (RFC 8314), AUTH, authenticated clients
 *       only.
 * </ul>
 *
 * Everything accepted goes on to a {@link RawSmtpSink}, which keeps the bytes Postfix delivered.
 * Needs root, Postfix and Dovecot.
 */
final class SubmissionRelay implements AutoCloseable {

  static final String USER = "alice";
  static final String PASSWORD = "correct horse battery";
  private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

  final LabCa ca = LabCa.create(Clock.systemUTC());
  final RawSmtpSink sink = new RawSmtpSink();
  final int starttlsPort;
  final int plainPort;
  final int implicitPort;
  private final Path dir;
  private final Path dovecotConf;
  private PostfixInstance postfix;

  static boolean available() {
    return PostfixInstance.available()
        && Files.isExecutable(DOVECOT)
        && "root".equals(System.getProperty("user.name"));
  }

  private SubmissionRelay(Path dir) throws IOException {
    this.dir = dir;
    this.dovecotConf = dir.resolve("dovecot/dovecot.conf");
    this.starttlsPort = freePort();
    this.plainPort = freePort();
    this.implicitPort = freePort();
  }

  /**
   * Starts Dovecot's auth service and Postfix under {@code dir}, which the daemons' users must be
   * able to reach (its parents too).
   */
  static SubmissionRelay start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    SubmissionRelay relay = new SubmissionRelay(dir);
    try {
      relay.startDovecot();
      relay.startPostfix();
    } catch (IOException | InterruptedException | RuntimeException e) {
      relay.close();
      throw e;
    }
    return relay;
  }

  /** The JDK's roots plus the lab CA that signed the relay's certificate. */
  TrustAnchors anchors() {
    return TrustAnchors.jdkDefault().plus(List.of(ca.root()));
  }

  /** The Postfix log so far. */
  String log() throws IOException {
    return postfix.log();
  }

  /** The Dovecot log so far (every authentication attempt is in it). */
  String authLog() throws IOException {
    Path log = dir.resolve("dovecot/dovecot.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private void startDovecot() throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve("dovecot"));
    Files.createDirectories(home.resolve("run"));
    Files.writeString(home.resolve("users"), USER + ":{PLAIN}" + PASSWORD + "\n");
    Files.writeString(
        dovecotConf,
        """
        protocols =
        base_dir = H/run
        state_dir = H/run
        log_path = H/dovecot.log
        auth_verbose = yes
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        auth_failure_delay = 0
        passdb {
          driver = passwd-file
          args = scheme=PLAIN H/users
        }
        userdb {
          driver = static
          args = uid=dovecot gid=dovecot
        }
        service anvil {
          chroot =
        }
        service auth {
          unix_listener auth-postfix {
            mode = 0666
          }
        }
        """
            .replace("H/", home + "/"));
    Process p =
        new ProcessBuilder(DOVECOT.toString(), "-c", dovecotConf.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("dovecot did not start; see " + home.resolve("dovecot.log"));
    }
    awaitFile(home.resolve("run/auth-postfix"));
  }

  private void startPostfix() throws IOException, InterruptedException {
    IssuedCertificate certificate = ca.issue("localhost", CertificateKind.VALID);
    Path chain = dir.resolve("relay.pem");
    Path key = dir.resolve("relay.key");
    Files.writeString(chain, LabCa.pem(certificate.chain()));
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(new JcaPKCS8Generator(certificate.key(), null));
    }
    Files.writeString(key, pem.toString());
    postfix =
        PostfixInstance.startHere(
            dir.resolve("postfix"),
            List.of(
                "myhostname = relay.mtasts.test",
                "mynetworks = 127.0.0.0/8",
                "relayhost = [127.0.0.1]:" + sink.address().getPort(),
                "smtpd_tls_cert_file = " + chain,
                "smtpd_tls_key_file = " + key,
                "smtpd_tls_security_level = may",
                "smtpd_tls_loglevel = 1",
                "smtpd_tls_received_header = yes",
                "smtpd_sasl_type = dovecot",
                "smtpd_sasl_path = " + dir.resolve("dovecot/run/auth-postfix"),
                "smtpd_sasl_auth_enable = yes",
                "smtpd_tls_auth_only = no",
                "smtpd_relay_restrictions = permit_sasl_authenticated, reject"),
            List.of(
                "127.0.0.1:" + starttlsPort + " inet n - n - - smtpd",
                "127.0.0.1:" + plainPort + " inet n - n - - smtpd",
                "  -o smtpd_tls_security_level=none",
                "  -o smtpd_relay_restrictions=permit_mynetworks,permit_sasl_authenticated,reject",
                "127.0.0.1:" + implicitPort + " inet n - n - - smtpd",
                "  -o smtpd_tls_wrappermode=yes"));
    for (int port : List.of(starttlsPort, plainPort, implicitPort)) {
      awaitPort(port);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port) throws IOException, InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void awaitFile(Path file) throws IOException, InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > until) {
        throw new IOException(file + " did not appear");
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (postfix != null) {
        postfix.close();
      }
    } finally {
      if (Files.exists(dovecotConf)) {
        new ProcessBuilder("doveadm", "-c", dovecotConf.toString(), "stop")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(20, TimeUnit.SECONDS);
      }
      sink.close();
    }
  }
}
