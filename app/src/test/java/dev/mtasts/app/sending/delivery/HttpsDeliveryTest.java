package dev.mtasts.app.sending.delivery;

import static dev.mtasts.app.sending.SendingFixtures.failure;
import static dev.mtasts.app.sending.SendingFixtures.sts;
import static dev.mtasts.app.sending.SendingFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.app.lab.ca.ServerContexts;
import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.app.sending.SendingLab;
import dev.mtasts.app.sending.SendingStore;
import dev.mtasts.app.sending.aggregate.Aggregator;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.testing.SettableClock;
import dev.mtasts.core.tls.TrustAnchors;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportReader;
import dev.mtasts.core.tlsrpt.ResultType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code rua=https:} to a local HTTPS receiver (RFC 8460 §5.4): only a 2xx counts, anything else is
 * retried with backoff for up to 24 hours; the certificate must be valid for the host; a receiver
 * at a private address is refused unless {@code allow_private_addresses}.
 */
@ParameterizedClass
@EnumSource(SendingStore.class)
class HttpsDeliveryTest {

  @Parameter SendingStore store;

  private static final LocalDate DAY = LocalDate.parse("2026-11-30");
  private static final Instant NOON = Instant.parse("2026-11-30T12:00:00Z");
  private static final String HOST = "rua.example.com";

  @TempDir Path dir;
  private final LabCa ca = LabCa.create(Clock.systemUTC());
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(201);
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T01:00:00Z"));
  private HttpsServer receiver;
  private SendingDatabase database;

  @BeforeEach
  void open() throws Exception {
    database = SendingDatabase.open(store.fresh(dir));
    try (Aggregator aggregator = new Aggregator(database, Duration.ofHours(1))) {
      for (int i = 0; i < 5; i++) {
        aggregator.record(success(NOON, "example.com", sts("example.com")));
      }
      aggregator.record(
          failure(NOON, "example.com", sts("example.com"), ResultType.VALIDATION_FAILURE, "mx1.x"));
    }
  }

  @AfterEach
  void close() {
    if (receiver != null) {
      receiver.stop(0);
    }
    database.close();
  }

  private String start(CertificateKind kind) throws IOException {
    receiver = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.setHttpsConfigurator(new HttpsConfigurator(ServerContexts.of(ca.issue(HOST, kind))));
    receiver.createContext(
        "/v1/tlsrpt",
        exchange -> {
          bodies.add(exchange.getRequestBody().readAllBytes());
          contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    receiver.start();
    return "v=TLSRPTv1; rua=https://" + HOST + ":" + receiver.getAddress().getPort() + "/v1/tlsrpt";
  }

  private ReportSender sender(String record, TrustAnchors anchors, boolean allowPrivate) {
    InMemoryResolver dns =
        InMemoryResolver.builder()
            .txt("_smtp._tls.example.com", record)
            .a(HOST, "127.0.0.1")
            .build();
    ReportingConfig config =
        SendingLab.config(
            dir,
            dir.resolve("unused.key"),
            new InetSocketAddress("127.0.0.1", 9),
            false,
            List.of());
    config =
        new ReportingConfig(
            config.socket(),
            config.postfixLog(),
            config.data(),
            config.database(),
            config.organizationName(),
            config.contactInfo(),
            config.submitter(),
            config.from(),
            new ReportingConfig.Signing.Mta(),
            config.transport(),
            false,
            ReportingConfig.Schedule.DEFAULT,
            List.of(),
            3);
    return SendingLab.sender(config, database, dns, anchors, allowPrivate, clock);
  }

  private TrustAnchors labRoots() {
    return TrustAnchors.of(List.of(ca.root()));
  }

  private static String outcome(List<ReportSender.Attempt> attempts) {
    assertThat(attempts).hasSize(1);
    return attempts.getFirst().outcome();
  }

  @Test
  void a201IsDeliveredAsGzipWithTheCountsFed() throws Exception {
    ReportSender sender = sender(start(CertificateKind.VALID), labRoots(), true);

    assertThat(outcome(sender.sendNow(DAY))).isEqualTo("delivered");

    assertThat(contentTypes).containsExactly("application/tlsrpt+gzip");
    Report report =
        new ReportReader().read(new ByteArrayInputStream(bodies.getFirst())).orThrow().report();
    assertThat(report.totalSuccessful()).isEqualTo(5);
    assertThat(report.totalFailed()).isEqualTo(1);
    assertThat(report.reportId()).isEqualTo("2026-11-30.example.com@example.net");
    assertThat(outcome(sender.sendNow(DAY))).isEqualTo("already-delivered");
    assertThat(bodies).hasSize(1);
  }

  @Test
  void a500IsNotDeliveredAndIsRetriedUntilA2xx() throws Exception {
    status.set(500);
    ReportSender sender = sender(start(CertificateKind.VALID), labRoots(), true);

    assertThat(outcome(sender.sendNow(DAY))).isEqualTo("failed-will-retry");
    assertThat(sender.tick()).isEmpty(); // not due yet
    status.set(200);
    clock.advance(Duration.ofMinutes(5));
    assertThat(sender.tick())
        .extracting(ReportSender.Attempt::outcome)
        .containsExactly("delivered");
    assertThat(bodies).hasSize(2);
    assertThat(sender.deliveries().logLines())
        .extracting(l -> l.replaceAll(": .*", ""))
        .containsExactly(
            "2026-11-30 example.com https://rua.example.com:"
                + receiver.getAddress().getPort()
                + "/v1/tlsrpt failed-will-retry",
            "2026-11-30 example.com https://rua.example.com:"
                + receiver.getAddress().getPort()
                + "/v1/tlsrpt delivered");
  }

  @Test
  void a404IsNotDelivered() throws Exception {
    status.set(404);
    ReportSender sender = sender(start(CertificateKind.VALID), labRoots(), true);
    assertThat(outcome(sender.sendNow(DAY))).isEqualTo("failed-will-retry");
    assertThat(sender.deliveries().ofDay(DAY).getFirst().lastResult().orElseThrow())
        .contains("HTTP 404");
  }

  @Test
  void retriesBackOffExponentiallyAndEndWithinADay() throws Exception {
    status.set(503);
    ReportSender sender = sender(start(CertificateKind.VALID), labRoots(), true);
    Instant first = clock.instant();
    sender.sendNow(DAY);
    Deliveries.Row row = sender.deliveries().ofDay(DAY).getFirst();
    List<Duration> gaps = new java.util.ArrayList<>();
    while (row.state() == DeliveryState.PENDING) {
      gaps.add(Duration.between(clock.instant(), row.nextAttempt()));
      clock.set(row.nextAttempt());
      sender.tick();
      row = sender.deliveries().ofDay(DAY).getFirst();
    }
    assertThat(row.state()).isEqualTo(DeliveryState.FAILED);
    assertThat(gaps.subList(0, 3))
        .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20));
    assertThat(Duration.between(first, clock.instant())).isLessThanOrEqualTo(Duration.ofHours(24));
    assertThat(bodies).hasSize(row.attempts());
  }

  @Test
  void aPrivateReceiverIsRefusedWithoutAllowPrivateAddresses() throws Exception {
    ReportSender sender = sender(start(CertificateKind.VALID), labRoots(), false);
    List<ReportSender.Attempt> attempts = sender.sendNow(DAY);
    assertThat(outcome(attempts)).isEqualTo("refused");
    assertThat(attempts.getFirst().detail()).contains("127.0.0.1 is loopback");
    assertThat(bodies).isEmpty();
  }

  @Test
  void anUntrustedCertificateIsNotDeliveredTo() throws Exception {
    ReportSender sender = sender(start(CertificateKind.VALID), TrustAnchors.jdkDefault(), true);
    assertThat(outcome(sender.sendNow(DAY))).isEqualTo("failed-will-retry");
    assertThat(bodies).isEmpty();
  }

  @Test
  void aCertificateForAnotherNameIsNotDeliveredTo() throws Exception {
    ReportSender sender = sender(start(CertificateKind.WRONG_NAME), labRoots(), true);
    assertThat(outcome(sender.sendNow(DAY))).isEqualTo("failed-will-retry");
    assertThat(bodies).isEmpty();
  }

  @Test
  void anExpiredCertificateIsNotDeliveredTo() throws Exception {
    ReportSender sender = sender(start(CertificateKind.EXPIRED), labRoots(), true);
    assertThat(outcome(sender.sendNow(DAY))).isEqualTo("failed-will-retry");
    assertThat(bodies).isEmpty();
  }

  @Test
  void aHostWithoutAddressIsAFailure() throws Exception {
    start(CertificateKind.VALID);
    ReportSender sender = sender("v=TLSRPTv1; rua=https://nowhere.example.com/x", labRoots(), true);
    List<ReportSender.Attempt> attempts = sender.sendNow(DAY);
    assertThat(outcome(attempts)).isEqualTo("failed-will-retry");
    assertThat(attempts.getFirst().detail()).contains("no address for nowhere.example.com");
  }
}
