package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.listen.CannotStartException;
import dev.mtasts.app.resolver.cache.SqlitePolicyCache;
import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.app.sending.aggregate.Aggregator;
import dev.mtasts.app.sending.aggregate.DayCounts;
import dev.mtasts.app.sending.report.DailyReport;
import dev.mtasts.app.socketmap.Netstring;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.RefreshState;
import dev.mtasts.core.tls.TrustAnchors;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The resolver with {@code tlsrpt_reporting}: libtlsrpt datagrams on {@code socket}, the mail log
 * at {@code postfix_log} and its own failed policy fetches all end up counted in the sending
 * database, as {@code report send} builds the day's reports from it.
 */
class ResolverTlsrptCollectionTest {

  private static final Instant NOW = Instant.parse("2026-12-03T14:00:00Z");
  private static final LocalDate TODAY = LocalDate.parse("2026-12-03");

  @TempDir Path dir;

  private String yaml(String collection) {
    return """
        host: 127.0.0.1
        port: 0
        cache:
          type: sqlite
          options:
            filename: %s
        tlsrpt_reporting:
          data: %s
          organization_name: Example Mail
          submitter: example.net
          dkim: mta
        %s
        """
        .formatted(dir.resolve("cache.db"), dir.resolve("data"), collection.indent(2));
  }

  private ResolverService start(String yaml, InMemoryResolver dns) throws IOException {
    return ResolverService.start(
        ResolverConfigReader.read(yaml).orThrow(),
        new PolicySources(
            timeout -> dns, TrustAnchors.of(List.of()), Clock.fixed(NOW, ZoneOffset.UTC)),
        new SystemdNotifier(Map.of(), cmd -> 0));
  }

  private ResolverService start(String yaml) throws IOException {
    return start(yaml, InMemoryResolver.builder().build());
  }

  private static void send(Path socket, String fixture) throws IOException {
    byte[] datagram;
    try (InputStream in =
        ResolverTlsrptCollectionTest.class.getResourceAsStream("/tlsrpt-datagrams/" + fixture)) {
      datagram = in.readAllBytes();
    }
    try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
      channel.send(ByteBuffer.wrap(datagram), AFUNIXSocketAddress.of(socket));
    }
  }

  private static long recorded(ResolverService service) {
    return ((Aggregator) service.tlsrptSink().orElseThrow()).recorded();
  }

  /** What {@code report send} would report for the day and domain. */
  private List<PolicyResult> reported(LocalDate day, String domain) throws Exception {
    ReportingConfig reporting = ResolverConfigReader.read(yaml("")).orThrow().reporting().get();
    try (SendingDatabase database = SendingDatabase.open(reporting.databaseFile())) {
      DayCounts counts = new DayCounts(database);
      return DailyReport.of(day, domain, counts.results(day, domain), reporting)
          .report()
          .policies();
    }
  }

  private static long successes(List<PolicyResult> results) {
    return results.stream().mapToLong(r -> r.summary().totalSuccessfulSessionCount()).sum();
  }

  private static long failures(List<PolicyResult> results) {
    return results.stream().mapToLong(r -> r.summary().totalFailureSessionCount()).sum();
  }

  @Test
  void datagramsOnTheSocketAreCountedForTheDay() throws Exception {
    Path socket = dir.resolve("run/tlsrpt.sock");
    try (ResolverService service = start(yaml("socket: " + socket))) {
      send(socket, "sts-success.json");
      send(socket, "sts-success.json");
      send(socket, "sts-host-mismatch.json");
      send(socket, "no-policy-success.json");
      await().atMost(Duration.ofSeconds(10)).until(() -> recorded(service) == 4);
    } // closing writes the last counts

    List<PolicyResult> example = reported(TODAY, "example.com");
    assertThat(successes(example)).isEqualTo(2);
    assertThat(failures(example)).isEqualTo(1);
    assertThat(example).allMatch(r -> r.policy().policyType().equals(PolicyType.STS));
    assertThat(example.stream().flatMap(r -> r.failureDetails().stream()))
        .singleElement()
        .satisfies(f -> assertThat(f.resultType()).isEqualTo(ResultType.CERTIFICATE_HOST_MISMATCH));
    List<PolicyResult> noPolicy = reported(TODAY, "example.org");
    assertThat(successes(noPolicy)).isEqualTo(1);
    assertThat(reported(TODAY.minusDays(1), "example.com")).isEmpty();
    assertThat(Files.exists(socket)).as("the socket is removed on close").isFalse();
  }

  @Test
  void anInvalidDatagramIsKeptUnderDataAndCollectionGoesOn() throws Exception {
    Path socket = dir.resolve("run/tlsrpt.sock");
    try (ResolverService service = start(yaml("socket: " + socket))) {
      try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
        channel.send(
            ByteBuffer.wrap("{not json".getBytes(StandardCharsets.UTF_8)),
            AFUNIXSocketAddress.of(socket));
      }
      send(socket, "sts-success.json");
      await().atMost(Duration.ofSeconds(10)).until(() -> recorded(service) == 1);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                Path kept = dir.resolve("data/invalid-datagrams");
                try (var files = Files.list(kept)) {
                  return Files.isDirectory(kept) && files.findAny().isPresent();
                } catch (IOException e) {
                  return false;
                }
              });
    }
    assertThat(successes(reported(TODAY, "example.com"))).isEqualTo(1);
  }

  @Test
  void theMailLogIsFollowedAndJudgedByTheCachedPolicies() throws Exception {
    try (SqlitePolicyCache seed =
        SqlitePolicyCache.open(dir.resolve("cache.db").toString(), 1, Duration.ofSeconds(5))) {
      seed.put(
          new CachedPolicy(
              "good.test",
              "id1",
              "version: STSv1\nmode: enforce\nmx: mx1.good.test\nmax_age: 86400\n",
              NOW.minusSeconds(3600),
              NOW.plusSeconds(86400),
              RefreshState.checkedAt(NOW.minusSeconds(3600))));
    }
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "");
    try (ResolverService service = start(yaml("postfix_log: " + log))) {
      byte[] lines =
          ResolverTlsrptCollectionTest.class
              .getResourceAsStream("/postfix-maillog/lab-run-3.7.11.log")
              .readAllBytes();
      Files.write(log, lines, StandardOpenOption.APPEND);
      await().atMost(Duration.ofSeconds(10)).until(() -> recorded(service) == 5);
    }
    assertThat(Files.exists(dir.resolve("data/maillog.position"))).isTrue();

    // The lab run's lines carry no zone: they are read in the system's.
    LocalDate day =
        LocalDate.ofInstant(
            LocalDateTime.parse("2026-12-03T12:52:32").atZone(ZoneId.systemDefault()).toInstant(),
            ZoneOffset.UTC);
    List<PolicyResult> good = reported(day, "good.test");
    assertThat(successes(good)).isEqualTo(1);
    assertThat(good.getFirst().policy().policyType()).isEqualTo(PolicyType.STS);
    assertThat(good.getFirst().policy().policyString())
        .containsExactly("version: STSv1", "mode: enforce", "mx: mx1.good.test", "max_age: 86400");
    List<PolicyResult> expired = reported(day, "mx-cert-expired.test");
    assertThat(failures(expired)).isEqualTo(1);
    assertThat(expired.getFirst().failureDetails().getFirst().resultType())
        .isEqualTo(ResultType.CERTIFICATE_EXPIRED);
  }

  @Test
  void aPolicyTheResolverCannotFetchIsAFetchError() throws Exception {
    InMemoryResolver dns =
        InMemoryResolver.builder().txt("_mta-sts.broken.test", "v=STSv1; id=1").build();
    try (ResolverService service = start(yaml(""), dns)) {
      try (Socket s = new Socket()) {
        s.connect(service.socketmapAddress());
        s.setSoTimeout(30_000);
        s.getOutputStream()
            .write(Netstring.encode("postfix broken.test".getBytes(StandardCharsets.US_ASCII)));
        s.getInputStream().read(); // the answer has begun: the fetch is over
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> recorded(service) >= 1);
    }
    List<PolicyResult> broken = reported(TODAY, "broken.test");
    assertThat(failures(broken)).isGreaterThanOrEqualTo(1);
    assertThat(broken.getFirst().failureDetails().getFirst().resultType())
        .isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
  }

  @Test
  void withoutTheSectionNothingIsCollected() throws Exception {
    String plain =
        """
        host: 127.0.0.1
        port: 0
        cache:
          type: sqlite
          options:
            filename: %s
        """
            .formatted(dir.resolve("cache.db"));
    try (ResolverService service = start(plain)) {
      assertThat(service.tlsrptSink()).isEmpty();
    }
    assertThat(Files.exists(dir.resolve("data"))).isFalse();
  }

  @Test
  void anUnusableSocketDirectoryStopsTheStartNamingTheKey() throws Exception {
    Files.writeString(dir.resolve("run"), "a file, not a directory\n");
    Path socket = dir.resolve("run/tlsrpt.sock");
    assertThatThrownBy(() -> start(yaml("socket: " + socket)))
        .isInstanceOf(CannotStartException.class)
        .hasMessageContaining("tlsrpt_reporting.socket")
        .hasMessageContaining(socket.toString());
  }

  @Test
  void aFileAtTheSocketPathIsNotReplaced() throws Exception {
    Path socket = dir.resolve("tlsrpt.sock");
    Files.writeString(socket, "keep me\n");
    assertThatThrownBy(() -> start(yaml("socket: " + socket)))
        .hasMessageContaining("tlsrpt_reporting.socket")
        .hasMessageContaining("not a socket");
    assertThat(Files.readString(socket)).isEqualTo("keep me\n");
  }

  @Test
  void aMailLogInADirectoryThatDoesNotExistStopsTheStart() {
    Path log = dir.resolve("no-such-dir/mail.log");
    assertThatThrownBy(() -> start(yaml("postfix_log: " + log)))
        .hasMessageContaining("tlsrpt_reporting.postfix_log")
        .hasMessageContaining("directory does not exist");
  }

  @Test
  void aDirectoryAsTheMailLogStopsTheStart() {
    assertThatThrownBy(() -> start(yaml("postfix_log: " + dir)))
        .hasMessageContaining("tlsrpt_reporting.postfix_log")
        .hasMessageContaining("is a directory");
  }

  @Test
  void aMailLogNotThereYetIsReadOnceItAppears() throws Exception {
    Path log = dir.resolve("mail.log");
    try (ResolverService service = start(yaml("postfix_log: " + log))) {
      Files.write(
          log,
          ResolverTlsrptCollectionTest.class
              .getResourceAsStream("/postfix-maillog/lab-run-3.7.11.log")
              .readAllBytes());
      await().atMost(Duration.ofSeconds(10)).until(() -> recorded(service) == 5);
    }
  }

  @Test
  void aFailedStartLeavesNoSocketBehind() throws Exception {
    Path socket = dir.resolve("run/tlsrpt.sock");
    assertThatThrownBy(() -> start(yaml("socket: " + socket + "\npostfix_log: " + dir)))
        .hasMessageContaining("tlsrpt_reporting.postfix_log");
    // The socket was bound, then closed and removed with the rest; a new start binds it again.
    assertThat(Files.exists(socket)).isFalse();
    try (ResolverService service = start(yaml("socket: " + socket))) {
      send(socket, "sts-success.json");
      await().atMost(Duration.ofSeconds(10)).until(() -> recorded(service) == 1);
    }
  }
}
