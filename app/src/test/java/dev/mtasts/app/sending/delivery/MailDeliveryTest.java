package dev.mtasts.app.sending.delivery;

import static dev.mtasts.app.sending.SendingFixtures.failure;
import static dev.mtasts.app.sending.SendingFixtures.sts;
import static dev.mtasts.app.sending.SendingFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.sending.RawSmtpSink;
import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.app.sending.SendingLab;
import dev.mtasts.app.sending.SendingStore;
import dev.mtasts.app.sending.aggregate.Aggregator;
import dev.mtasts.app.testing.RequiredService;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.testing.SettableClock;
import dev.mtasts.core.tls.TrustAnchors;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.ReadReport;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportReader;
import dev.mtasts.core.tlsrpt.ResultType;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Results fed into the sink become a report that leaves by SMTP through the relay, DKIM-signed by
 * us (checked by OpenDKIM), once: and every way it must not leave.
 */
@ParameterizedClass
@EnumSource(SendingStore.class)
class MailDeliveryTest {

  @Parameter SendingStore store;

  private static final LocalDate DAY = LocalDate.parse("2026-11-30");
  private static final Instant NOON = Instant.parse("2026-11-30T12:00:00Z");
  private static final Clock NEXT_MORNING =
      Clock.fixed(Instant.parse("2026-12-01T01:00:00Z"), ZoneOffset.UTC);
  private static final String RUA = "v=TLSRPTv1; rua=mailto:tlsrpt@example.com";

  @TempDir Path dir;
  private RawSmtpSink relay;
  private SendingDatabase database;

  @BeforeEach
  void open() {
    relay = new RawSmtpSink();
    database = SendingDatabase.open(store.fresh(dir));
  }

  @AfterEach
  void close() {
    database.close();
    relay.close();
  }

  /** Feeds 7 successes and 3 failures (2 identical) for example.com, and 1 success elsewhere. */
  private void feed() throws Exception {
    try (Aggregator aggregator = new Aggregator(database, Duration.ofHours(1))) {
      PolicyDetails policy = sts("example.com");
      for (int i = 0; i < 7; i++) {
        aggregator.record(success(NOON, "example.com", policy));
      }
      aggregator.record(
          failure(NOON, "example.com", policy, ResultType.CERTIFICATE_EXPIRED, "mx1.example.com"));
      aggregator.record(
          failure(NOON, "example.com", policy, ResultType.CERTIFICATE_EXPIRED, "mx1.example.com"));
      aggregator.record(
          failure(
              NOON, "example.com", policy, ResultType.STARTTLS_NOT_SUPPORTED, "mx1.example.com"));
      aggregator.record(success(NOON, "example.org", sts("example.org")));
    }
  }

  private ReportSender sender(KeyPair keys, InMemoryResolver.Builder dns, ReportingConfig config) {
    return SendingLab.sender(
        config, database, dns.build(), TrustAnchors.jdkDefault(), false, NEXT_MORNING);
  }

  private ReportingConfig config(KeyPair keys) {
    return SendingLab.config(dir, SendingLab.keyFile(dir, keys), relay.address(), false, List.of());
  }

  private static InMemoryResolver.Builder dns(String record) {
    return InMemoryResolver.builder().txt("_smtp._tls.example.com", record);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA", "Ed25519"})
  void theReportLeavesOnceSignedAndOpendkimVerifiesIt(String algorithm) throws Exception {
    KeyPair keys = SendingLab.keys(algorithm);
    feed();
    ReportSender sender = sender(keys, dns(RUA), config(keys));

    List<ReportSender.Attempt> first = sender.sendNow(DAY);

    assertThat(first)
        .extracting(ReportSender.Attempt::policyDomain, ReportSender.Attempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("example.org", "no-record"),
            org.assertj.core.groups.Tuple.tuple("example.com", "delivered"));
    assertThat(relay.received()).hasSize(1);
    RawSmtpSink.Received mail = relay.received().getFirst();
    assertThat(mail.to()).isEqualTo("tlsrpt@example.com");
    assertThat(mail.from()).isEqualTo("noreply-smtp-tls-reporting@example.net");
    String text = new String(mail.data(), StandardCharsets.US_ASCII);
    assertThat(text)
        .contains("TLS-Report-Domain: example.com\r\n")
        .contains("TLS-Report-Submitter: example.net\r\n")
        .contains("TLS-Required: No\r\n")
        .contains(
            "Subject: Report Domain: example.com\r\n Submitter: example.net\r\n"
                + " Report-ID: <2026-11-30.example.com@example.net>\r\n")
        .contains("multipart/report; report-type=\"tlsrpt\"")
        .contains("Content-Type: application/tlsrpt+gzip")
        .contains("filename=\"example.net!example.com!1795996800!1796083199.json.gz\"");

    ParseResult<ReadReport> read = new ReportReader().read(new ByteArrayInputStream(mail.data()));
    assertThat(read.warnings()).as("strict RFC 8460 mail, nothing tolerated").isEmpty();
    Report report = read.orThrow().report();
    assertThat(report.reportId()).isEqualTo("2026-11-30.example.com@example.net");
    assertThat(report.totalSuccessful()).isEqualTo(7);
    assertThat(report.totalFailed()).isEqualTo(3);
    assertThat(report.policies().getFirst().failureDetails())
        .extracting(f -> f.resultType().value() + " " + f.failedSessionCount())
        .containsExactly("certificate-expired 2", "starttls-not-supported 1");
    assertThat(report.start()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(report.end()).isEqualTo(Instant.parse("2026-11-30T23:59:59Z"));
    assertThat(report.organizationName()).isEqualTo("Example Mail");
    assertThat(report.contactInfo()).contains("mailto:tlsrpt@example.net");

    assertThat(opendkim("tlsrpt", keys, mail.data())).contains("dkim=pass");

    // idempotent: a second send for the same day sends nothing
    List<ReportSender.Attempt> second = sender.sendNow(DAY);
    assertThat(second)
        .filteredOn(a -> a.policyDomain().equals("example.com"))
        .extracting(ReportSender.Attempt::outcome)
        .containsExactly("already-delivered");
    assertThat(relay.received()).hasSize(1);
  }

  @Test
  void noRecordMeansNoReport() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    List<ReportSender.Attempt> attempts =
        sender(keys, InMemoryResolver.builder(), config(keys)).sendNow(DAY);
    assertThat(attempts).extracting(ReportSender.Attempt::outcome).containsOnly("no-record");
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void anInvalidRecordMeansNoReport() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    List<ReportSender.Attempt> attempts =
        sender(keys, dns("v=TLSRPTv1; rua=ftp://example.com/x"), config(keys)).sendNow(DAY);
    assertThat(attempts)
        .filteredOn(a -> a.policyDomain().equals("example.com"))
        .extracting(ReportSender.Attempt::detail)
        .singleElement()
        .asString()
        .contains("TLSRPT_RUA_UNSUPPORTED");
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void twoRecordsMeanNoReport() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    InMemoryResolver.Builder dns =
        InMemoryResolver.builder()
            .txt("_smtp._tls.example.com", RUA)
            .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:other@example.com");
    List<ReportSender.Attempt> attempts = sender(keys, dns, config(keys)).sendNow(DAY);
    assertThat(attempts)
        .filteredOn(a -> a.policyDomain().equals("example.com"))
        .extracting(ReportSender.Attempt::detail)
        .singleElement()
        .asString()
        .contains("TLSRPT_RECORD_MULTIPLE");
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void aDnsFailureIsReportedAndNothingIsSent() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    InMemoryResolver.Builder dns =
        InMemoryResolver.builder().fail("_smtp._tls.example.com", DnsStatus.SERVFAIL);
    assertThat(sender(keys, dns, config(keys)).sendNow(DAY))
        .extracting(ReportSender.Attempt::outcome)
        .contains("dns-failed");
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void anUnreachableRelayIsNotSentAndRetriedLater() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    InetSocketAddress closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
    }
    ReportingConfig config =
        SendingLab.config(dir, SendingLab.keyFile(dir, keys), closed, false, List.of());
    ReportSender sender = sender(keys, dns(RUA), config);

    assertThat(sender.sendNow(DAY))
        .filteredOn(a -> a.policyDomain().equals("example.com"))
        .extracting(ReportSender.Attempt::outcome)
        .containsExactly("not-sent-will-retry");
    Deliveries.Row row = sender.deliveries().ofDay(DAY).getFirst();
    assertThat(row.state()).isEqualTo(DeliveryState.PENDING);
    assertThat(row.nextAttempt()).isEqualTo(NEXT_MORNING.instant().plus(Duration.ofMinutes(5)));
    assertThat(sender.deliveries().logLines())
        .anyMatch(
            l ->
                l.startsWith(
                    "2026-11-30 example.com mailto:tlsrpt@example.com not-sent-will-retry"));
  }

  @Test
  void ourRelayDownForDaysNeverSuppressesTheRua() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    InetSocketAddress closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
    }
    ReportingConfig down =
        SendingLab.config(dir, SendingLab.keyFile(dir, keys), closed, false, List.of());
    SettableClock clock = new SettableClock(NEXT_MORNING.instant());
    int days = down.suppressAfterFailures() + 1;
    for (int d = 0; d < days; d++) {
      try (Aggregator aggregator = new Aggregator(database, Duration.ofHours(1))) {
        aggregator.record(
            success(NOON.plus(Duration.ofDays(d)), "example.com", sts("example.com")));
      }
      clock.set(NEXT_MORNING.instant().plus(Duration.ofDays(d)));
      ReportSender sender =
          SendingLab.sender(
              down, database, dns(RUA).build(), TrustAnchors.jdkDefault(), false, clock);
      assertThat(outcomes(sender.sendNow(DAY.plusDays(d)))).containsExactly("not-sent-will-retry");
      // past RFC 8460 §5.5's 24 hours of retries: given up, the report never left this host
      clock.set(clock.instant().plus(Duration.ofHours(25)));
      assertThat(outcomes(sender.sendNow(DAY.plusDays(d)))).containsExactly("not-sent");
      assertThat(sender.deliveries().ofDay(DAY.plusDays(d)).getFirst().state())
          .isEqualTo(DeliveryState.NOT_SENT);
    }
    // The relay is back: the rua was never at fault, so it gets the next report.
    try (Aggregator aggregator = new Aggregator(database, Duration.ofHours(1))) {
      aggregator.record(
          success(NOON.plus(Duration.ofDays(days)), "example.com", sts("example.com")));
    }
    clock.set(NEXT_MORNING.instant().plus(Duration.ofDays(days)));
    ReportSender up =
        SendingLab.sender(
            config(keys), database, dns(RUA).build(), TrustAnchors.jdkDefault(), false, clock);
    assertThat(outcomes(up.sendNow(DAY.plusDays(days)))).containsExactly("delivered");
    assertThat(up.deliveries().suppression("mailto:tlsrpt@example.com")).isEmpty();
  }

  private static List<String> outcomes(List<ReportSender.Attempt> attempts) {
    return attempts.stream()
        .filter(a -> a.policyDomain().equals("example.com"))
        .map(ReportSender.Attempt::outcome)
        .toList();
  }

  @Test
  void aRelayThatRefusesTheRecipientIsAFailureNotRetried() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    relay.accepting(false);
    ReportSender sender = sender(keys, dns(RUA), config(keys));
    assertThat(sender.sendNow(DAY))
        .filteredOn(a -> a.policyDomain().equals("example.com"))
        .extracting(ReportSender.Attempt::outcome)
        .containsExactly("failed");
    assertThat(sender.deliveries().ofDay(DAY).getFirst().state()).isEqualTo(DeliveryState.FAILED);
  }

  @Test
  void aManuallySuppressedAddressGetsNothing() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    ReportingConfig config =
        SendingLab.config(
            dir,
            SendingLab.keyFile(dir, keys),
            relay.address(),
            false,
            List.of("tlsrpt@example.com"));
    assertThat(sender(keys, dns(RUA), config).sendNow(DAY))
        .filteredOn(a -> a.policyDomain().equals("example.com"))
        .extracting(ReportSender.Attempt::outcome)
        .containsExactly("suppressed");
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void anAddressFailingOnSeveralDaysInARowIsSuppressed() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    relay.accepting(false);
    ReportingConfig config = config(keys);
    for (int d = 0; d < config.suppressAfterFailures(); d++) {
      try (Aggregator aggregator = new Aggregator(database, Duration.ofHours(1))) {
        aggregator.record(
            success(NOON.plus(Duration.ofDays(d)), "example.com", sts("example.com")));
      }
      sender(keys, dns(RUA), config).sendNow(DAY.plusDays(d));
    }
    relay.accepting(true);
    try (Aggregator aggregator = new Aggregator(database, Duration.ofHours(1))) {
      aggregator.record(success(NOON.plus(Duration.ofDays(5)), "example.com", sts("example.com")));
    }
    assertThat(sender(keys, dns(RUA), config).sendNow(DAY.plusDays(5)))
        .extracting(ReportSender.Attempt::outcome, ReportSender.Attempt::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "suppressed", "deliveries failed on 3 days in a row"));
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void onlyDaysWithFailuresSkipsACleanDomain() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    InMemoryResolver.Builder dns =
        dns(RUA).txt("_smtp._tls.example.org", "v=TLSRPTv1; rua=mailto:tlsrpt@example.org");
    ReportingConfig config =
        SendingLab.config(dir, SendingLab.keyFile(dir, keys), relay.address(), true, List.of());
    assertThat(sender(keys, dns, config).sendNow(DAY))
        .extracting(ReportSender.Attempt::policyDomain, ReportSender.Attempt::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("example.org", "skipped"),
            org.assertj.core.groups.Tuple.tuple("example.com", "delivered"));
    assertThat(relay.received())
        .extracting(RawSmtpSink.Received::to)
        .containsExactly("tlsrpt@example.com");
  }

  @Test
  void aDayWithoutResultsSendsNothing() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    assertThat(sender(keys, dns(RUA), config(keys)).sendNow(DAY.minusDays(1))).isEmpty();
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void aDeliveryClaimedByASenderThatDiedIsMadeOnceItsLeaseEnds() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    feed();
    SettableClock clock = new SettableClock(Instant.parse("2026-12-01T05:00:00Z"));
    ReportSender sender =
        SendingLab.sender(
            config(keys), database, dns(RUA).build(), TrustAnchors.jdkDefault(), false, clock);
    Deliveries deliveries = sender.deliveries();
    Instant now = clock.instant();
    deliveries.plan(DAY, "example.com", "mailto:tlsrpt@example.com", "id", now);
    deliveries.markPlanned(DAY, now);
    Deliveries.Row row = deliveries.ofDay(DAY).getFirst();
    assertThat(deliveries.claimDue(row, "died", now, now.plus(ReportSender.LEASE))).isTrue();
    assertThat(deliveries.claimDue(row, "other", now, now.plus(ReportSender.LEASE)))
        .as("a held delivery cannot be claimed again")
        .isFalse();

    assertThat(sender.tick()).isEmpty();
    clock.advance(ReportSender.LEASE.minusSeconds(1));
    assertThat(sender.tick()).isEmpty();
    assertThat(sender.sendNow(DAY))
        .filteredOn(a -> a.policyDomain().equals("example.com"))
        .extracting(ReportSender.Attempt::outcome)
        .containsExactly("in-progress");
    assertThat(relay.received()).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(sender.tick())
        .extracting(ReportSender.Attempt::outcome)
        .containsExactly("delivered");
    assertThat(sender.tick()).isEmpty();
    assertThat(relay.received()).hasSize(1);
    assertThat(
            deliveries.record(
                row,
                "died",
                DeliveryState.FAILED,
                1,
                java.util.Optional.of(now),
                now,
                "failed",
                "late result of the sender that died",
                clock.instant()))
        .as("the first holder's late result is not stored")
        .isFalse();
    assertThat(deliveries.ofDay(DAY).getFirst().state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(deliveries.logLines()).noneMatch(l -> l.contains("late result"));
  }

  /** What {@code opendkim -t} says about {@code message}, the key served from a file. */
  private String opendkim(String selector, KeyPair pair, byte[] message) throws Exception {
    String opendkim = "/usr/sbin/opendkim";
    RequiredService.assume(Files.isExecutable(Path.of(opendkim)), "opendkim (Debian opendkim)");
    Path keys = dir.resolve("keys");
    Files.writeString(
        keys, selector + "._domainkey.example.net " + SendingLab.dkimRecord(pair) + "\n");
    Path conf = dir.resolve("opendkim.conf");
    Files.writeString(conf, "Mode v\nSyslog no\nLogResults yes\nTestPublicKeys " + keys + "\n");
    Path file = dir.resolve("message.eml");
    Files.write(file, message);
    Process p =
        new ProcessBuilder(opendkim, "-x", conf.toString(), "-t", file.toString(), "-vv")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
