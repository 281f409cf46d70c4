package dev.mtasts.app.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.app.alert.AlertChannel;
import dev.mtasts.app.alert.AlertConfig;
import dev.mtasts.app.alert.EmailChannel;
import dev.mtasts.app.alert.Notification;
import dev.mtasts.app.sending.RawSmtpSink;
import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.sending.SendingSetup;
import dev.mtasts.app.sending.delivery.Outcome;
import dev.mtasts.app.sending.delivery.SmtpRelay;
import dev.mtasts.app.testing.RequiredService;
import dev.mtasts.core.tls.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay client against a real Postfix smarthost with STARTTLS, implicit TLS and SMTP AUTH
 * through Dovecot ({@link SubmissionRelay}): what must arrive arrives byte for byte, and
 * credentials never leave over a connection that is not TLS with a checked certificate.
 */
class RelayClientPostfixTest {

  private static final String KEY = "tlsrpt_reporting.smtp";
  private static final String FROM = "noreply-smtp-tls-reporting@example.net";
  private static final String TO = "tlsrpt@rua.example";
  private static final AtomicInteger IDS = new AtomicInteger();

  @TempDir static Path dir;
  private static SubmissionRelay relay;
  private static Path passwordFile;

  @BeforeAll
  static void startRelay() throws Exception {
    RequiredService.assume(SubmissionRelay.available(), "Postfix and Dovecot (run as root)");
    // Postfix and Dovecot run as their own users: they must reach the relay's directory
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    relay = SubmissionRelay.start(dir.resolve("relay"));
    passwordFile = dir.resolve("relay.pass");
    Files.writeString(passwordFile, SubmissionRelay.PASSWORD + "\n");
  }

  @AfterAll
  static void stopRelay() throws Exception {
    if (relay != null) {
      relay.close();
    }
  }

  private static RelayConfig.Login login(Path file) {
    return new RelayConfig.Login(SubmissionRelay.USER, file);
  }

  private static RelayClient client(
      String host, int port, RelayTls tls, Optional<RelayConfig.Login> login, TrustAnchors trust) {
    return new RelayClient(
        new RelayConfig(KEY, host, port, tls, login), trust, "example.net", Duration.ofSeconds(20));
  }

  private static RelayClient client(int port, RelayTls tls, Optional<RelayConfig.Login> login) {
    return client("localhost", port, tls, login, relay.anchors());
  }

  /** A report-like message whose every byte matters: folded headers, a leading dot, spaces. */
  private static byte[] message(String id) {
    return ("DKIM-Signature: v=1; a=rsa-sha256; d=example.net; s=tlsrpt;\r\n"
            + "\th=from:to:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
            + "\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSwgYnV0IGl0cyBieXRlcyBjb3VudA==\r\n"
            + "From: <"
            + FROM
            + ">\r\n"
            + "To: <"
            + TO
            + ">\r\n"
            + "Subject: Report Domain: example.com\r\n"
            + " Submitter: example.net\r\n"
            + " Report-ID: <"
            + id
            + ">\r\n"
            + "Date: Thu, 03 Dec 2026 12:00:00 +0000\r\n"
            + "Message-ID: <"
            + id
            + ">\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + ".a line that starts with a dot\r\n"
            + "trailing spaces   \r\n"
            + "\r\n"
            + "the end\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String newId() {
    return "r" + IDS.incrementAndGet() + "@example.net";
  }

  private static RawSmtpSink.Received awaitDelivered(String id) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                relay.sink.received().stream()
                    .filter(r -> text(r.data()).contains("Message-ID: <" + id + ">"))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private static boolean delivered(String id) {
    return relay.sink.received().stream()
        .anyMatch(r -> text(r.data()).contains("Message-ID: <" + id + ">"));
  }

  private static String text(byte[] data) {
    return new String(data, StandardCharsets.US_ASCII);
  }

  /** What smtpd logged about the first session that began after {@code mark}, once it ended. */
  private static String sessionSince(int mark) {
    Pattern connect = Pattern.compile("postfix/smtpd\\[(\\d+)\\]: connect from ");
    return Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              String log = relay.log().substring(mark);
              Matcher m = connect.matcher(log);
              if (!m.find()) {
                return "";
              }
              String process = "postfix/smtpd[" + m.group(1) + "]: ";
              return log.lines()
                  .filter(l -> l.contains(process))
                  .collect(Collectors.joining("\n", "", "\n"));
            },
            session -> session.contains(": disconnect from "));
  }

  /**
   * {@code arrived} is {@code original} after two Received headers: the sink's, then Postfix's,
   * which says how the client came ({@code with}, RFC 3848) and returns it for more checks.
   */
  private static String assertOnlyReceivedAdded(byte[] original, byte[] arrived, String with) {
    String sent = text(original);
    String got = text(arrived);
    assertThat(got).endsWith(sent);
    String added = got.substring(0, got.length() - sent.length());
    String header = "Received: [^\r\n]*\r?\n([ \t][^\r\n]*\r?\n)*";
    assertThat(added).matches("(?s)" + header + header);
    String postfix = added.substring(added.indexOf("Received: ", 1));
    assertThat(postfix).contains("(Postfix) with " + with + " id ");
    return postfix;
  }

  @Test
  void starttlsAndAuthDeliverTheMessageByteForByte() throws Exception {
    String id = newId();
    byte[] message = message(id);

    RelayResult result =
        client(relay.starttlsPort, RelayTls.STARTTLS, Optional.of(login(passwordFile)))
            .send(FROM, List.of(TO), message);

    assertThat(result).isInstanceOf(RelayResult.Accepted.class);
    assertThat(result.detail()).startsWith("relay localhost:" + relay.starttlsPort + " accepted");
    RawSmtpSink.Received arrived = awaitDelivered(id);
    assertThat(arrived.from()).isEqualTo(FROM);
    assertThat(arrived.to()).isEqualTo(TO);
    // RFC 3848: ESMTPSA is ESMTP with STARTTLS and AUTH
    assertThat(assertOnlyReceivedAdded(message, arrived.data(), "ESMTPSA"))
        .containsPattern("using TLSv1\\.[23]");
    assertThat(relay.log()).contains("sasl_username=" + SubmissionRelay.USER);
  }

  @Test
  void implicitTlsAndAuthDeliverTheMessage() {
    String id = newId();
    byte[] message = message(id);

    RelayResult result =
        client(relay.implicitPort, RelayTls.IMPLICIT, Optional.of(login(passwordFile)))
            .send(FROM, List.of(TO), message);

    assertThat(result).isInstanceOf(RelayResult.Accepted.class);
    assertThat(assertOnlyReceivedAdded(message, awaitDelivered(id).data(), "ESMTPSA"))
        .containsPattern("using TLSv1\\.[23]");
  }

  @Test
  void withoutTlsOnOfferTheDefaultForARemoteRelayGoesInClearText() {
    String id = newId();
    byte[] message = message(id);

    RelayResult result =
        client(relay.plainPort, RelayTls.STARTTLS_WHEN_OFFERED, Optional.empty())
            .send(FROM, List.of(TO), message);

    assertThat(result).isInstanceOf(RelayResult.Accepted.class);
    assertThat(assertOnlyReceivedAdded(message, awaitDelivered(id).data(), "ESMTP"))
        .doesNotContain("using TLS");
  }

  @Test
  void aWrongPasswordIsRetriedAndTheNextSendReadsTheRotatedFile() throws Exception {
    Path rotating = dir.resolve("rotating.pass");
    Files.writeString(rotating, "not the password\n");
    RelayClient client =
        client(relay.starttlsPort, RelayTls.STARTTLS, Optional.of(login(rotating)));
    String id = newId();

    RelayResult wrong = client.send(FROM, List.of(TO), message(id));

    // the operator mends a wrong password; a report must not be given up for it
    assertThat(wrong)
        .isEqualTo(new RelayResult.Failed("RELAY_AUTH", wrong.detail(), false))
        .extracting(RelayResult::detail)
        .asString()
        .contains("535")
        .contains(KEY + ".username")
        .doesNotContain("not the password");

    Files.writeString(rotating, SubmissionRelay.PASSWORD + "\n");
    RelayResult right = client.send(FROM, List.of(TO), message(id));

    assertThat(right).isInstanceOf(RelayResult.Accepted.class);
    awaitDelivered(id);
  }

  @Test
  void requiredStarttlsThatIsNotOfferedSendsNoCredentialsAndNoMail() throws Exception {
    int mark = relay.log().length();
    String id = newId();

    RelayResult result =
        client(relay.plainPort, RelayTls.STARTTLS, Optional.of(login(passwordFile)))
            .send(FROM, List.of(TO), message(id));

    assertThat(result).isInstanceOf(RelayResult.Failed.class);
    RelayResult.Failed failed = (RelayResult.Failed) result;
    assertThat(failed.code()).isEqualTo("RELAY_TLS");
    assertThat(failed.permanent()).isFalse();
    assertThat(failed.detail()).contains("does not offer STARTTLS").contains(KEY + ".tls");
    // the relay would have taken AUTH PLAIN in clear text: the client never sent it
    assertThat(sessionSince(mark)).doesNotContain("auth=").doesNotContain("mail=");
    assertThat(delivered(id)).isFalse();
  }

  @Test
  void anUntrustedCertificateGetsNoCredentialsAndNoMail() throws Exception {
    int mark = relay.log().length();
    String id = newId();

    RelayResult result =
        client(
                "localhost",
                relay.starttlsPort,
                RelayTls.STARTTLS,
                Optional.of(login(passwordFile)),
                TrustAnchors.jdkDefault())
            .send(FROM, List.of(TO), message(id));

    assertThat(result)
        .isInstanceOfSatisfying(
            RelayResult.Failed.class,
            f -> {
              assertThat(f.code()).isEqualTo("RELAY_TLS");
              assertThat(f.permanent()).isFalse();
              assertThat(f.detail()).contains("PKIX");
            });
    assertThat(sessionSince(mark)).doesNotContain("auth=").doesNotContain("mail=");
    assertThat(delivered(id)).isFalse();
  }

  @Test
  void aCertificateForAnotherNameIsRefused() throws Exception {
    int mark = relay.log().length();
    String id = newId();

    // the certificate names localhost; the relay is configured by its address
    RelayResult result =
        client(
                "127.0.0.1",
                relay.implicitPort,
                RelayTls.IMPLICIT,
                Optional.of(login(passwordFile)),
                relay.anchors())
            .send(FROM, List.of(TO), message(id));

    assertThat(result)
        .isInstanceOfSatisfying(
            RelayResult.Failed.class, f -> assertThat(f.code()).isEqualTo("RELAY_TLS"));
    assertThat(sessionSince(mark)).doesNotContain("auth=");
    assertThat(delivered(id)).isFalse();
  }

  @Test
  void opportunisticStarttlsNeverFallsBackToClearTextAfterAFailedCheck() throws Exception {
    int mark = relay.log().length();
    String id = newId();

    RelayResult result =
        client(
                "localhost",
                relay.starttlsPort,
                RelayTls.STARTTLS_WHEN_OFFERED,
                Optional.empty(),
                TrustAnchors.jdkDefault())
            .send(FROM, List.of(TO), message(id));

    assertThat(result)
        .isInstanceOfSatisfying(
            RelayResult.Failed.class, f -> assertThat(f.code()).isEqualTo("RELAY_TLS"));
    assertThat(sessionSince(mark)).doesNotContain("mail=");
    assertThat(delivered(id)).isFalse();
  }

  @Test
  void implicitTlsToAPlainSmtpPortFailsAndIsRetried() {
    RelayResult result =
        client(relay.plainPort, RelayTls.IMPLICIT, Optional.of(login(passwordFile)))
            .send(FROM, List.of(TO), message(newId()));

    assertThat(result)
        .isInstanceOfSatisfying(
            RelayResult.Failed.class,
            f -> {
              assertThat(f.code()).isEqualTo("RELAY_TLS");
              assertThat(f.permanent()).isFalse();
            });
  }

  @Test
  void aRelayThatRefusesToRelayAnswers5xxAPermanentFailure() {
    String id = newId();

    // no credentials: the submission port relays for authenticated clients only
    RelayResult result =
        client(relay.starttlsPort, RelayTls.STARTTLS, Optional.empty())
            .send(FROM, List.of(TO), message(id));

    assertThat(result)
        .isInstanceOfSatisfying(
            RelayResult.Failed.class,
            f -> {
              assertThat(f.code()).isEqualTo("RELAY_REFUSED");
              assertThat(f.permanent()).isTrue();
              assertThat(f.detail()).contains("answered 554 5.7.1");
            });
    assertThat(delivered(id)).isFalse();
  }

  @Test
  void anUnreadablePasswordFileNamesTheKeyAndIsRetried() throws Exception {
    int before = relay.log().length();

    RelayResult result =
        client(
                relay.starttlsPort,
                RelayTls.STARTTLS,
                Optional.of(login(dir.resolve("no-such.pass"))))
            .send(FROM, List.of(TO), message(newId()));

    assertThat(result)
        .isEqualTo(
            new RelayResult.Failed(
                "RELAY_PASSWORD_FILE",
                KEY + ".password_file " + dir.resolve("no-such.pass") + ": no such file",
                false));
    Thread.sleep(500);
    assertThat(relay.log().substring(before)).as("no connection").doesNotContain("connect from");
  }

  @Test
  void reportMailLeavesThroughTheSmtpRelayTransportAndOnly5xxIsFinal() throws Exception {
    Path wrongFile = dir.resolve("wrong.pass");
    Files.writeString(wrongFile, "wrong\n");
    String id = newId();
    byte[] message = message(id);

    Outcome delivered =
        new SmtpRelay(
                client(relay.starttlsPort, RelayTls.STARTTLS, Optional.of(login(passwordFile))))
            .send(FROM, TO, message);
    Outcome wrongPassword =
        new SmtpRelay(client(relay.starttlsPort, RelayTls.STARTTLS, Optional.of(login(wrongFile))))
            .send(FROM, TO, message(newId()));
    Outcome refused =
        new SmtpRelay(client(relay.starttlsPort, RelayTls.STARTTLS, Optional.empty()))
            .send(FROM, TO, message(newId()));

    assertThat(delivered).isInstanceOf(Outcome.Delivered.class);
    assertThat(text(awaitDelivered(id).data())).endsWith(text(message));
    // Our relay refusing our login is not the rua's fault: retried, never counted against it.
    assertThat(wrongPassword)
        .isInstanceOfSatisfying(
            Outcome.NotSent.class, n -> assertThat(n.detail()).startsWith("RELAY_AUTH: "));
    assertThat(refused)
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            f -> {
              assertThat(f.retry()).isFalse();
              assertThat(f.detail()).startsWith("RELAY_REFUSED: ");
            });
  }

  @Test
  void alertMailLeavesThroughTheSameClient() throws Exception {
    RelayConfig config =
        new RelayConfig(
            "alerts.channels.email",
            "localhost",
            relay.starttlsPort,
            RelayTls.STARTTLS,
            Optional.of(login(passwordFile)));
    AlertConfig.Email email =
        new AlertConfig.Email(config, "mtasts@example.net", List.of("ops@rua.example"));
    Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    EmailChannel channel =
        new EmailChannel(
            email,
            new RelayClient(config, relay.anchors(), "example.net", Duration.ofSeconds(20)),
            clock);

    channel.deliver(new Notification("failure rate over 5% for example.org", "details", "{}"));

    RawSmtpSink.Received arrived =
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    relay.sink.received().stream()
                        .filter(r -> r.to().equals("ops@rua.example"))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    assertThat(text(arrived.data()))
        .contains("(Postfix) with ESMTPSA id ")
        .contains("Auto-Submitted: auto-generated\r\n")
        .contains("Subject: failure rate over 5% for example.org\r\n");

    Path wrongFile = dir.resolve("alert-wrong.pass");
    Files.writeString(wrongFile, "wrong\n");
    EmailChannel wrong =
        new EmailChannel(
            email,
            new RelayClient(
                new RelayConfig(
                    config.key(),
                    config.host(),
                    config.port(),
                    RelayTls.STARTTLS,
                    Optional.of(login(wrongFile))),
                relay.anchors(),
                "example.net",
                Duration.ofSeconds(20)),
            clock);
    assertThatThrownBy(() -> wrong.deliver(new Notification("t", "x", "{}")))
        .isInstanceOf(AlertChannel.DeliveryException.class)
        .hasMessageStartingWith("email: RELAY_AUTH: relay localhost:" + relay.starttlsPort)
        .hasMessageNotContaining("wrong");
  }

  @Test
  void servesCaFileIsWhatTheReportRelayTrusts() throws Exception {
    Files.writeString(dir.resolve("lab-ca.pem"), relay.ca.rootPem());
    String section =
        "tlsrpt_reporting:\n"
            + "  organization_name: Example Mail\n"
            + "  submitter: example.net\n"
            + "  dkim: mta\n"
            + "  smtp: {relay: \"localhost:"
            + relay.starttlsPort
            + "\", username: "
            + SubmissionRelay.USER
            + ", password_file: relay.pass}\n";
    String id = newId();

    SendingSetup withCa =
        SendingSetup.read("data: data\nca_file: lab-ca.pem\n" + section, dir).orThrow();
    SendingSetup without = SendingSetup.read("data: data\n" + section, dir).orThrow();
    RelayConfig configured =
        ((ReportingConfig.Transport.Relay) withCa.reporting().transport()).relay();

    assertThat(configured.tls()).isEqualTo(RelayTls.STARTTLS);
    assertThat(
            new RelayClient(configured, without.anchors(), "example.net", Duration.ofSeconds(20))
                .send(FROM, List.of(TO), message(newId())))
        .isInstanceOfSatisfying(
            RelayResult.Failed.class, f -> assertThat(f.code()).isEqualTo("RELAY_TLS"));
    assertThat(
            new RelayClient(configured, withCa.anchors(), "example.net", Duration.ofSeconds(20))
                .send(FROM, List.of(TO), message(id)))
        .isInstanceOf(RelayResult.Accepted.class);
    awaitDelivered(id);
  }
}
