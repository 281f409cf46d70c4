package dev.mtasts.app.sending;

import static dev.mtasts.app.sending.SendingFixtures.failure;
import static dev.mtasts.app.sending.SendingFixtures.sts;
import static dev.mtasts.app.sending.SendingFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.sending.aggregate.Aggregator;
import dev.mtasts.app.sending.aggregate.DayCounts;
import dev.mtasts.app.sending.delivery.DeliveryState;
import dev.mtasts.app.sending.delivery.HttpsUpload;
import dev.mtasts.app.sending.delivery.MailTransport;
import dev.mtasts.app.sending.delivery.Outcome;
import dev.mtasts.app.sending.delivery.ReportSender;
import dev.mtasts.app.sending.delivery.RuaRecords;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.TestPostgres;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.testing.SettableClock;
import dev.mtasts.core.tls.TrustAnchors;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.ResultType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several sending processes on one real PostgreSQL (each its own pool, as separate hosts would
 * have): their counts add up exactly, each report leaves once, and connections the server drops
 * ({@code pg_terminate_backend}, what a database restart does to clients) lose no count and send
 * nothing twice.
 */
class SharedPostgresSendingTest {

  private static final LocalDate DAY = LocalDate.parse("2026-11-30");
  private static final Instant NOON = Instant.parse("2026-11-30T12:00:00Z");
  // after the default send window (4 hours after midnight): every delivery of DAY is due
  private static final Instant AFTER_WINDOW = Instant.parse("2026-12-01T05:00:00Z");

  @TempDir Path dir;
  private String schemaUrl;
  private String application;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void schema() {
    schemaUrl = TestPostgres.freshSchemaUrl();
    application = "mtasts-sendpg-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  /** One process's database: its own pool on the shared schema. */
  private SendingDatabase process() {
    SendingDatabase database =
        SendingDatabase.open(StoreLocation.ofUrl(schemaUrl + "&ApplicationName=" + application));
    open.add(database);
    return database;
  }

  /** Drops every connection of this test's processes, as a database restart does. */
  private int terminateConnections() throws SQLException {
    try (Connection c = DriverManager.getConnection(schemaUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ? AND pid <> pg_backend_pid()")) {
      s.setString(1, application);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /** Records {@code each} results per thread: every 10th a failure, over 40 domains. */
  private static Thread recorder(Aggregator aggregator, int id, int each) {
    return Thread.ofPlatform()
        .start(
            () -> {
              for (int i = 0; i < each; i++) {
                String domain = "d" + (i % 40) + ".example";
                if (i % 10 == 0) {
                  aggregator.record(
                      failure(
                          NOON,
                          domain,
                          sts(domain),
                          ResultType.CERTIFICATE_EXPIRED,
                          "mx" + (id % 2) + ".example"));
                } else {
                  aggregator.record(success(NOON, domain, sts(domain)));
                }
              }
            });
  }

  /** The stored totals of DAY: successful, failed, and failed again from the details. */
  private static long[] totals(SendingDatabase database) throws SQLException {
    long[] totals = new long[3];
    DayCounts counts = new DayCounts(database);
    for (String domain : counts.policyDomains(DAY)) {
      for (PolicyResult r : counts.results(DAY, domain)) {
        totals[0] += r.summary().totalSuccessfulSessionCount();
        totals[1] += r.summary().totalFailureSessionCount();
        totals[2] +=
            r.failureDetails().stream().mapToLong(FailureDetails::failedSessionCount).sum();
      }
    }
    return totals;
  }

  @Test
  void twoAggregatorsOnOneDatabaseCountExactly() throws Exception {
    int threads = 4;
    int each = 20_000;
    Aggregator a = new Aggregator(process(), Duration.ofMillis(5));
    Aggregator b = new Aggregator(process(), Duration.ofMillis(5));
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(recorder(t % 2 == 0 ? a : b, t, each));
    }
    for (Thread w : workers) {
      w.join();
    }
    a.close();
    b.close();

    long all = (long) threads * each;
    assertThat(totals(process())).containsExactly(all - all / 10, all / 10, all / 10);
  }

  @Test
  void droppedConnectionsLoseNoCount() throws Exception {
    int threads = 2;
    int each = 50_000;
    SendingDatabase database = process();
    Aggregator aggregator = new Aggregator(database, Duration.ofHours(1));
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(recorder(aggregator, t, each));
    }
    int terminated = 0;
    int failedFlushes = 0;
    for (int round = 0; round < 40; round++) {
      try {
        aggregator.flush(); // opens the pool's connections again
      } catch (SQLException e) {
        failedFlushes++;
      }
      terminated += terminateConnections();
      try {
        aggregator.flush(); // on a dropped connection: the counts go back into memory
      } catch (SQLException e) {
        failedFlushes++;
      }
    }
    for (Thread w : workers) {
      w.join();
    }
    aggregator.record(success(NOON, "late.example", sts("late.example")));
    try {
      aggregator.flush(); // the pool's connection, just used
    } catch (SQLException e) {
      failedFlushes++;
    }
    aggregator.record(success(NOON, "last.example", sts("last.example")));
    terminated += terminateConnections();
    aggregator.close(); // its last flush meets the dropped connection first

    assertThat(terminated).as("connections dropped").isPositive();
    assertThat(failedFlushes).as("flushes that met a dropped connection").isPositive();
    long all = (long) threads * each;
    assertThat(totals(process())).containsExactly(all - all / 10 + 2, all / 10, all / 10);
  }

  @Test
  void sharesOneSchemaWithServesReportStoreWhicheverOpensFirst() throws Exception {
    StoreLocation shared = StoreLocation.ofUrl(schemaUrl);
    for (int order = 0; order < 2; order++) {
      if (order == 1) {
        schema(); // a fresh schema, the sending store first this time
        shared = StoreLocation.ofUrl(schemaUrl);
      }
      SendingDatabase sending;
      if (order == 0) {
        ReportStore.open(shared).close();
        sending = SendingDatabase.open(shared);
      } else {
        sending = SendingDatabase.open(shared);
        ReportStore.open(shared).close();
      }
      try (sending;
          Aggregator aggregator = new Aggregator(sending, Duration.ofHours(1))) {
        aggregator.record(success(NOON, "example.com", sts("example.com")));
        aggregator.flush();
        assertThat(totals(sending)).containsExactly(1, 0, 0);
      }
      try (SendingDatabase again = SendingDatabase.open(shared);
          ReportStore store = ReportStore.open(shared)) {
        assertThat(totals(again)).as("reopened, nothing migrated twice").containsExactly(1, 0, 0);
      }
    }
  }

  /** Counts for {@code domains} domains d0.example ..., each with a record of one mailto rua. */
  private InMemoryResolver feedDomains(SendingDatabase database, int domains) {
    InMemoryResolver.Builder dns = InMemoryResolver.builder();
    try (Aggregator aggregator = new Aggregator(database, Duration.ofHours(1))) {
      for (int d = 0; d < domains; d++) {
        String domain = "d" + d + ".example";
        aggregator.record(success(NOON, domain, sts(domain)));
        dns.txt("_smtp._tls." + domain, "v=TLSRPTv1; rua=mailto:tlsrpt@" + domain);
      }
    }
    return dns.build();
  }

  private ReportingConfig config(RawSmtpSink relay) {
    return SendingLab.config(
        dir,
        SendingLab.keyFile(dir, SendingLab.keys("Ed25519")),
        relay.address(),
        false,
        List.of());
  }

  @Test
  void twoSendersAndReportSendByHandDeliverEachReportOnce() throws Exception {
    int domains = 30;
    try (RawSmtpSink relay = new RawSmtpSink()) {
      InMemoryResolver dns = feedDomains(process(), domains);
      ReportingConfig config = config(relay);
      Clock clock = Clock.fixed(AFTER_WINDOW, ZoneOffset.UTC);
      List<ReportSender> senders = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        senders.add(
            SendingLab.sender(config, process(), dns, TrustAnchors.jdkDefault(), false, clock));
      }
      CyclicBarrier start = new CyclicBarrier(senders.size());
      ExecutorService pool = Executors.newFixedThreadPool(senders.size());
      List<Future<List<ReportSender.Attempt>>> runs = new ArrayList<>();
      for (int i = 0; i < senders.size(); i++) {
        ReportSender sender = senders.get(i);
        boolean byHand = i == 2;
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return byHand ? sender.sendNow(DAY) : sender.tick();
                }));
      }
      List<ReportSender.Attempt> attempts = new ArrayList<>();
      for (Future<List<ReportSender.Attempt>> run : runs) {
        attempts.addAll(run.get());
      }
      pool.shutdown();
      for (ReportSender sender : senders) {
        attempts.addAll(sender.tick());
      }

      assertThat(relay.received()).hasSize(domains);
      assertThat(relay.received().stream().map(RawSmtpSink.Received::to).distinct())
          .hasSize(domains);
      assertThat(attempts).filteredOn(a -> a.outcome().equals("delivered")).hasSize(domains);
      assertThat(senders.getFirst().deliveries().ofDay(DAY))
          .hasSize(domains)
          .allMatch(r -> r.state() == DeliveryState.DELIVERED && r.attempts() == 1);
      assertThat(senders.getFirst().deliveries().logLines())
          .filteredOn(l -> l.contains(" delivered: "))
          .hasSize(domains);
    }
  }

  @Test
  void aReportThatLeftIsNotSentAgainWhenTheDatabaseDropsItsConnections() throws Exception {
    try (RawSmtpSink relay = new RawSmtpSink()) {
      SendingDatabase database = process();
      InMemoryResolver dns = feedDomains(database, 1);
      ReportingConfig config = config(relay);
      SettableClock clock = new SettableClock(AFTER_WINDOW);
      List<String> left = new CopyOnWriteArrayList<>();
      AtomicInteger terminated = new AtomicInteger();
      AtomicBoolean drop = new AtomicBoolean(true);
      // the report leaves, then the database drops every connection before its result is stored
      MailTransport leavesThenDatabaseDrops =
          (from, to, message) -> {
            left.add(to);
            try {
              if (drop.get()) {
                terminated.addAndGet(terminateConnections());
              }
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
            return new Outcome.Delivered("250 accepted");
          };
      ReportSender sender =
          new ReportSender(
              config,
              database,
              new RuaRecords(dns),
              Optional.empty(),
              leavesThenDatabaseDrops,
              new HttpsUpload(dns, TrustAnchors.jdkDefault(), false, Duration.ofSeconds(5)),
              clock,
              RandomGenerator.getDefault());

      assertThat(sender.tick())
          .extracting(ReportSender.Attempt::outcome)
          .containsExactly("delivered");
      assertThat(terminated.get()).as("connections dropped").isPositive();
      drop.set(false);

      clock.advance(ReportSender.LEASE.plusMinutes(1));
      ReportSender other =
          SendingLab.sender(config, process(), dns, TrustAnchors.jdkDefault(), false, clock);
      assertThat(other.tick()).isEmpty();
      assertThat(sender.tick()).isEmpty();
      assertThat(other.sendNow(DAY))
          .extracting(ReportSender.Attempt::outcome)
          .containsExactly("already-delivered");
      assertThat(left).hasSize(1);
      assertThat(relay.received()).isEmpty();
      assertThat(other.deliveries().ofDay(DAY).getFirst().state())
          .isEqualTo(DeliveryState.DELIVERED);
    }
  }
}
