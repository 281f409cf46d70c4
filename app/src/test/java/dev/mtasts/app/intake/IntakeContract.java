package dev.mtasts.app.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.ReadReport;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The intake pipeline against a real store; one subclass per database engine. */
abstract class IntakeContract {

  /** A fresh, empty store location (a new file, a new schema). */
  protected abstract StoreLocation freshLocation();

  private final List<ReportStore> opened = new ArrayList<>();
  protected StoreLocation location;
  protected ReportStore store;

  @BeforeEach
  void openStore() {
    location = freshLocation();
    store = open(location);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(ReportStore::close);
  }

  protected ReportStore open(StoreLocation where) {
    ReportStore s = ReportStore.open(where);
    opened.add(s);
    return s;
  }

  protected static IntakePipeline pipeline(ReportStore store, Attribution attribution) {
    return pipeline(store, attribution, DkimPolicy.Mode.PREFER, InMemoryResolver.builder().build());
  }

  protected static IntakePipeline pipeline(
      ReportStore store, Attribution attribution, DkimPolicy.Mode dkim, DnsResolver dns) {
    return new IntakePipeline(
        new ReportReader(),
        attribution,
        store,
        new IntakeMetrics(new SimpleMeterRegistry()),
        new DkimPolicy(dkim, new DkimVerifier(dns, Clock.systemUTC())));
  }

  protected static Outcome accept(IntakePipeline p, byte[] bytes) {
    return p.accept(Receipt.of(bytes, Source.of(Source.IMPORT, "test")));
  }

  protected static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theWholeCorpusGivesEachDomainItsExactTotals() {
    IntakePipeline p = pipeline(store, Attribution.acceptAll());
    Map<String, DomainSummary> expected = expectedCorpusTotals();
    for (String name : TestReports.CORPUS) {
      Outcome o = accept(p, TestReports.corpus(name));
      if (name.equals("tlsrptrs-not-a-report.eml") || name.equals("stalwart-rpt03.json")) {
        assertThat(o).as(name).isInstanceOf(Outcome.Rejected.class);
      } else {
        assertThat(o).as(name).isInstanceOfAny(Outcome.Stored.class, Outcome.Duplicate.class);
      }
    }
    assertThat(expected).hasSizeGreaterThan(3);
    for (DomainSummary want : expected.values()) {
      assertThat(store.summary(want.domain(), Optional.empty(), Optional.empty()))
          .as(want.domain())
          .isEqualTo(want);
    }
    assertThat(store.domains())
        .extracting(d -> d.domain())
        .containsExactlyElementsOf(new TreeMap<>(expected).keySet());
  }

  /**
   * The corpus totals computed from the reader's objects, not from SQL: each report counted once
   * per (organisation, report-id), for each policy's domain (or the mail's TLS-Report-Domain).
   */
  private static Map<String, DomainSummary> expectedCorpusTotals() {
    ReportReader reader = new ReportReader();
    Set<String> seen = new HashSet<>();
    Map<String, long[]> totals = new TreeMap<>();
    Map<String, Set<String>> reports = new HashMap<>();
    Map<String, Map<String, Long>> types = new HashMap<>();
    Map<String, Map<String, DomainSummary.Sessions>> orgs = new HashMap<>();
    for (String name : TestReports.CORPUS) {
      if (!(reader.read(TestReports.corpus(name))
          instanceof dev.mtasts.core.ParseResult.Ok<ReadReport> ok)) {
        continue;
      }
      var report = ok.value().report();
      String key = report.organizationName() + "\0" + report.reportId();
      if (!seen.add(key)) {
        continue;
      }
      Optional<String> mailDomain = ok.value().email().flatMap(e -> e.reportDomain());
      for (PolicyResult policy : report.policies()) {
        Optional<String> domain =
            policy.policy().policyDomain().or(() -> mailDomain).map(String::toLowerCase);
        if (domain.isEmpty()) {
          continue;
        }
        String d = domain.get();
        long ok2 = policy.summary().totalSuccessfulSessionCount();
        long bad = policy.summary().totalFailureSessionCount();
        long[] t = totals.computeIfAbsent(d, x -> new long[2]);
        t[0] += ok2;
        t[1] += bad;
        reports.computeIfAbsent(d, x -> new HashSet<>()).add(key);
        orgs.computeIfAbsent(d, x -> new HashMap<>())
            .merge(
                report.organizationName(),
                new DomainSummary.Sessions(ok2, bad),
                (a, b) ->
                    new DomainSummary.Sessions(
                        a.successful() + b.successful(), a.failed() + b.failed()));
        for (FailureDetails f : policy.failureDetails()) {
          types
              .computeIfAbsent(d, x -> new HashMap<>())
              .merge(f.resultType().value(), f.failedSessionCount(), Long::sum);
        }
      }
    }
    Map<String, DomainSummary> out = new TreeMap<>();
    totals.forEach(
        (d, t) ->
            out.put(
                d,
                new DomainSummary(
                    d,
                    reports.get(d).size(),
                    t[0],
                    t[1],
                    types.getOrDefault(d, Map.of()),
                    orgs.get(d))));
    return out;
  }

  @Test
  void aRepeatIsADuplicateAndCountsOnce() {
    IntakePipeline p = pipeline(store, Attribution.acceptAll());
    String json =
        TestReports.json(
            "Org A", "r-1", "2026-01-05", "example.org", 10, Map.of("certificate-expired", 2L));
    assertThat(accept(p, utf8(json))).isEqualTo(new Outcome.Stored(List.of("example.org")));
    assertThat(accept(p, utf8(json))).isEqualTo(new Outcome.Duplicate());
    assertThat(accept(p, TestReports.gzip(json))).isEqualTo(new Outcome.Duplicate());
    DomainSummary s = store.summary("example.org", Optional.empty(), Optional.empty());
    assertThat(s.reports()).isEqualTo(1);
    assertThat(s.successful()).isEqualTo(10);
    assertThat(s.failed()).isEqualTo(2);
    assertThat(s.byResultType()).containsExactly(Map.entry("certificate-expired", 2L));
  }

  @Test
  void theSameReportIdFromAnotherOrganisationIsAnotherReport() {
    IntakePipeline p = pipeline(store, Attribution.acceptAll());
    assertThat(
            accept(
                p,
                utf8(TestReports.json("Org A", "same", "2026-01-05", "example.org", 1, Map.of()))))
        .isInstanceOf(Outcome.Stored.class);
    assertThat(
            accept(
                p,
                utf8(TestReports.json("Org B", "same", "2026-01-05", "example.org", 2, Map.of()))))
        .isInstanceOf(Outcome.Stored.class);
    assertThat(store.summary("example.org", Optional.empty(), Optional.empty()).successful())
        .isEqualTo(3);
  }

  @Test
  void aReportIsStoredOnlyForConfiguredDomains() {
    IntakePipeline p = pipeline(store, Attribution.only(Set.of("Example.ORG.")));
    String two =
        TestReports.json("Org", "two", "2026-02-01", "example.org", 5, Map.of())
            .replace(
                "]}]}",
                "]},{\"policy\":{\"policy-type\":\"no-policy-found\",\"policy-domain\":"
                    + "\"other.example\"},\"summary\":{\"total-successful-session-count\":7,"
                    + "\"total-failure-session-count\":0}}]}");
    assertThat(accept(p, utf8(two))).isEqualTo(new Outcome.Stored(List.of("example.org")));
    assertThat(store.summary("other.example", Optional.empty(), Optional.empty()).successful())
        .isZero();
    assertThat(store.summary("example.org", Optional.empty(), Optional.empty()).successful())
        .isEqualTo(5);
    Outcome foreign =
        accept(p, utf8(TestReports.json("Org", "x", "2026-02-01", "other.example", 1, Map.of())));
    assertThat(foreign).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) foreign).code()).isEqualTo("REPORT_NOT_OUR_DOMAIN");
  }

  @Test
  void aReportNamingSeveralConfiguredDomainsIsStoredForEach() {
    IntakePipeline p = pipeline(store, Attribution.only(Set.of("a.example", "b.example")));
    String two =
        TestReports.json("Org", "ab", "2026-02-01", "a.example", 5, Map.of("dane-required", 1L))
            .replace(
                "]}]}",
                "]},{\"policy\":{\"policy-type\":\"no-policy-found\",\"policy-domain\":"
                    + "\"b.example\"},\"summary\":{\"total-successful-session-count\":7,"
                    + "\"total-failure-session-count\":0}}]}");
    assertThat(accept(p, utf8(two)))
        .isEqualTo(new Outcome.Stored(List.of("a.example", "b.example")));
    DomainSummary a = store.summary("a.example", Optional.empty(), Optional.empty());
    DomainSummary b = store.summary("b.example", Optional.empty(), Optional.empty());
    assertThat(List.of(a.reports(), a.successful(), a.failed())).containsExactly(1L, 5L, 1L);
    assertThat(List.of(b.reports(), b.successful(), b.failed())).containsExactly(1L, 7L, 0L);
    assertThat(accept(p, utf8(two))).isEqualTo(new Outcome.Duplicate());
  }

  @Test
  void badInputIsRejectedWithTheReadersCode() {
    IntakePipeline p = pipeline(store, Attribution.acceptAll());
    Outcome o = accept(p, utf8("{\"organization-name\": 1"));
    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).code()).startsWith("REPORT_");
    assertThat(accept(p, new byte[0])).isInstanceOf(Outcome.Rejected.class);
    assertThat(accept(p, TestReports.corpus("tlsrptrs-not-a-report.eml")))
        .isInstanceOf(Outcome.Rejected.class);
    assertThat(store.domains()).isEmpty();
  }

  @Test
  void aReportWithoutAnyPolicyDomainIsRejected() {
    Outcome o =
        accept(pipeline(store, Attribution.acceptAll()), TestReports.corpus("stalwart-rpt03.json"));
    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected) o).code()).isEqualTo("REPORT_NO_POLICY_DOMAIN");
  }

  @Test
  void summaryBoundsAreInclusiveUtcDays() {
    IntakePipeline p = pipeline(store, Attribution.acceptAll());
    for (int day = 1; day <= 5; day++) {
      accept(
          p,
          utf8(
              TestReports.json(
                  "Org",
                  "d" + day,
                  "2026-03-0" + day,
                  "example.org",
                  day,
                  Map.of("sts-policy-invalid", 1L))));
    }
    DomainSummary s =
        store.summary(
            "example.org",
            Optional.of(LocalDate.parse("2026-03-02")),
            Optional.of(LocalDate.parse("2026-03-04")));
    assertThat(s.reports()).isEqualTo(3);
    assertThat(s.successful()).isEqualTo(2 + 3 + 4);
    assertThat(s.byResultType()).containsExactly(Map.entry("sts-policy-invalid", 3L));
    assertThat(
            store
                .summary(
                    "example.org", Optional.empty(), Optional.of(LocalDate.parse("2026-03-01")))
                .reports())
        .isEqualTo(1);
  }

  @Test
  void concurrentRepeatsAreStoredOnce() throws Exception {
    IntakePipeline p = pipeline(store, Attribution.acceptAll());
    int reports = 40;
    List<Future<Outcome>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int copy = 0; copy < 8; copy++) {
        for (int i = 0; i < reports; i++) {
          byte[] b =
              utf8(
                  TestReports.json(
                      "Org",
                      "c" + i,
                      "2026-04-01",
                      "example.org",
                      1,
                      Map.of("validation-failure", 1L)));
          futures.add(pool.submit(() -> accept(p, b)));
        }
      }
    }
    long stored = 0;
    for (Future<Outcome> f : futures) {
      Outcome o = f.get();
      assertThat(o).isInstanceOfAny(Outcome.Stored.class, Outcome.Duplicate.class);
      stored += o instanceof Outcome.Stored ? 1 : 0;
    }
    assertThat(stored).isEqualTo(reports);
    DomainSummary s = store.summary("example.org", Optional.empty(), Optional.empty());
    assertThat(List.of(s.reports(), s.successful(), s.failed())).containsExactly(40L, 40L, 40L);
  }

  @Test
  void reportsSurviveReopeningAndRetentionKeepsTheDuplicateKey() {
    IntakePipeline p = pipeline(store, Attribution.acceptAll());
    byte[] report = utf8(TestReports.json("Org", "keep", "2026-05-01", "example.org", 3, Map.of()));
    assertThat(accept(p, report)).isInstanceOf(Outcome.Stored.class);
    store.close();
    opened.remove(store);
    ReportStore again = open(location);
    assertThat(again.dropRawBefore(java.time.Instant.now().plusSeconds(60))).isEqualTo(1);
    assertThat(accept(pipeline(again, Attribution.acceptAll()), report))
        .isEqualTo(new Outcome.Duplicate());
    assertThat(again.summary("example.org", Optional.empty(), Optional.empty()).successful())
        .isEqualTo(3);
  }
}
