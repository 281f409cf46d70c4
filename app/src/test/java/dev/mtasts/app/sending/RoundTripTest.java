package dev.mtasts.app.sending;

import static dev.mtasts.app.sending.SendingFixtures.failure;
import static dev.mtasts.app.sending.SendingFixtures.sts;
import static dev.mtasts.app.sending.SendingFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.intake.DkimPolicy;
import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.sending.aggregate.Aggregator;
import dev.mtasts.app.sending.delivery.ReportSender;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.SmtpIntake;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.tls.TrustAnchors;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.ReportReader;
import dev.mtasts.core.tlsrpt.ResultType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our two halves: what the sender sends by mail, our own intake (serve's SMTP listener, DKIM
 * required) accepts, verifies with pass and counts exactly as fed; sent again, it is a duplicate.
 */
class RoundTripTest {

  private static final LocalDate DAY = LocalDate.parse("2026-11-30");
  private static final Instant NOON = Instant.parse("2026-11-30T12:00:00Z");

  @TempDir Path dir;

  @Test
  void whatWeSendOurIntakeStoresWithDkimPassAndTheSameCounts() throws Exception {
    KeyPair keys = SendingLab.keys("RSA");
    InMemoryResolver dns =
        InMemoryResolver.builder()
            .txt("tlsrpt._domainkey.example.net", SendingLab.dkimRecord(keys))
            .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")
            .build();
    Path storeFile = dir.resolve("serve.db");
    try (ReportStore store = ReportStore.open(new StoreLocation.Sqlite(storeFile));
        SmtpIntake intake = intake(store, dns);
        SendingDatabase database = SendingDatabase.open(dir.resolve("sending.db"))) {
      try (Aggregator aggregator = new Aggregator(database, Duration.ofHours(1))) {
        PolicyDetails policy = sts("example.com");
        for (int i = 0; i < 40; i++) {
          aggregator.record(success(NOON, "example.com", policy));
        }
        for (int i = 0; i < 3; i++) {
          aggregator.record(
              failure(
                  NOON, "example.com", policy, ResultType.CERTIFICATE_EXPIRED, "mx1.example.com"));
        }
        aggregator.record(
            failure(
                NOON, "example.com", policy, ResultType.STS_POLICY_FETCH_ERROR, "mx1.example.com"));
      }
      ReportingConfig config =
          SendingLab.config(dir, SendingLab.keyFile(dir, keys), intake.address(), false, List.of());
      ReportSender sender =
          SendingLab.sender(
              config,
              database,
              dns,
              TrustAnchors.jdkDefault(),
              false,
              Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneOffset.UTC));

      assertThat(sender.sendNow(DAY))
          .extracting(ReportSender.Attempt::outcome)
          .containsExactly("delivered");

      DomainSummary summary = store.summary("example.com", Optional.of(DAY), Optional.of(DAY));
      assertThat(summary.reports()).isEqualTo(1);
      assertThat(summary.successful()).isEqualTo(40);
      assertThat(summary.failed()).isEqualTo(4);
      assertThat(summary.byResultType())
          .isEqualTo(Map.of("certificate-expired", 3L, "sts-policy-fetch-error", 1L));
      assertThat(summary.byOrganization()).containsOnlyKeys("Example Mail");
      assertThat(stored(storeFile)).containsExactly("smtp pass example.net");

      // a second send for the day sends nothing
      assertThat(sender.sendNow(DAY))
          .extracting(ReportSender.Attempt::outcome)
          .containsExactly("already-delivered");
      // a resend (as after a lost acknowledgement) carries the same report-id: a duplicate there
      try (Connection c = database.connection();
          Statement s = c.createStatement()) {
        s.execute("DELETE FROM deliveries");
      }
      assertThat(sender.sendNow(DAY))
          .extracting(ReportSender.Attempt::outcome)
          .containsExactly("delivered");
      assertThat(store.summary("example.com", Optional.empty(), Optional.empty()).reports())
          .isEqualTo(1);
      assertThat(stored(storeFile)).hasSize(1);
    }
  }

  private static SmtpIntake intake(ReportStore store, InMemoryResolver dns) throws Exception {
    IntakePipeline pipeline =
        new IntakePipeline(
            new ReportReader(),
            Attribution.only(Set.of("example.com")),
            store,
            new IntakeMetrics(new SimpleMeterRegistry()),
            new DkimPolicy(DkimPolicy.Mode.REQUIRE, new DkimVerifier(dns, Clock.systemUTC())));
    return SmtpIntake.start(
        new ServeConfig.Smtp(new InetSocketAddress("127.0.0.1", 0), List.of(), 1 << 20),
        List.of("example.com"),
        pipeline,
        Optional.empty());
  }

  private static List<String> stored(Path file) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT source, dkim_result, dkim_domain FROM raw_report")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
    }
    return out;
  }
}
