package dev.mtasts.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.intake.TestReports;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.ReadReport;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportReader;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's queries against a real store; one subclass per database engine. */
public abstract class ReportQueriesContract {

  /** A fresh, empty store location (a new file, a new schema). */
  protected abstract StoreLocation freshLocation();

  protected ReportStore store;
  protected Feed feed;

  @BeforeEach
  void openStore() {
    store = ReportStore.open(freshLocation());
    feed = new Feed(store);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static Map<String, Long> sum(Map<String, Long> into, String key, long n) {
    into.merge(key, n, Long::sum);
    return into;
  }

  /** What the corpus holds for one domain, computed from the reader's objects, not from SQL. */
  private static final class Expected {
    final Set<String> reports = new HashSet<>();
    final Map<String, Long> byType = new TreeMap<>();
    final Map<String, Long> byMx = new TreeMap<>();
    final Map<String, Long> byIp = new TreeMap<>();
    final Map<String, long[]> byDay = new TreeMap<>();
    final Set<String> policies = new HashSet<>();
  }

  private static Map<String, Expected> corpusExpectations() {
    ReportReader reader = new ReportReader();
    Set<String> seen = new HashSet<>();
    Map<String, Expected> out = new TreeMap<>();
    for (String name : TestReports.CORPUS) {
      if (!(reader.read(TestReports.corpus(name)) instanceof ParseResult.Ok<ReadReport> ok)) {
        continue;
      }
      Report report = ok.value().report();
      String key = report.organizationName() + "\0" + report.reportId();
      if (!seen.add(key)) {
        continue;
      }
      Optional<String> mailDomain = ok.value().email().flatMap(e -> e.reportDomain());
      String day = LocalDate.ofInstant(report.start(), ZoneOffset.UTC).toString();
      for (PolicyResult p : report.policies()) {
        Optional<String> domain =
            p.policy().policyDomain().or(() -> mailDomain).map(d -> d.toLowerCase(Locale.ROOT));
        if (domain.isEmpty()) {
          continue;
        }
        Expected e = out.computeIfAbsent(domain.get(), d -> new Expected());
        e.reports.add(key);
        long[] d = e.byDay.computeIfAbsent(day, x -> new long[2]);
        d[0] += p.summary().totalSuccessfulSessionCount();
        d[1] += p.summary().totalFailureSessionCount();
        e.policies.add(
            p.policy().policyType().value() + "|" + String.join("\n", p.policy().policyString()));
        for (FailureDetails f : p.failureDetails()) {
          sum(e.byType, f.resultType().value(), f.failedSessionCount());
          String mx = f.receivingMxHostname().orElse("").toLowerCase(Locale.ROOT);
          sum(
              e.byMx,
              mx.endsWith(".") ? mx.substring(0, mx.length() - 1) : mx,
              f.failedSessionCount());
          sum(e.byIp, f.sendingMtaIp().orElse(""), f.failedSessionCount());
        }
      }
    }
    return out;
  }

  private static Map<String, Long> asMap(List<FailureGroup> groups) {
    return groups.stream()
        .collect(
            Collectors.toMap(FailureGroup::key, FailureGroup::failed, (a, b) -> a, TreeMap::new));
  }

  @Test
  void theDomainPageOfEachCorpusDomainMatchesTheReportsFed() {
    for (String name : TestReports.CORPUS) {
      feed.accept(TestReports.corpus(name));
    }
    Map<String, Expected> expected = corpusExpectations();
    assertThat(expected).hasSizeGreaterThan(3);
    ReportQueries q = store.queries();
    for (Map.Entry<String, Expected> e : expected.entrySet()) {
      String domain = e.getKey();
      Expected want = e.getValue();
      DomainPage page = q.domainPage(domain, Period.ALL);
      assertThat(page.summary()).as(domain).isEqualTo(q.summary(domain, Period.ALL));
      assertThat(page.summary().reports()).as(domain).isEqualTo(want.reports.size());
      assertThat(asMap(page.byResultType())).as(domain).isEqualTo(want.byType);
      assertThat(asMap(page.byMxHost())).as(domain).isEqualTo(want.byMx);
      assertThat(asMap(page.bySendingIp())).as(domain).isEqualTo(want.byIp);
      Map<String, List<Long>> series = new TreeMap<>();
      page.series()
          .forEach(d -> series.put(d.day().toString(), List.of(d.successful(), d.failed())));
      Map<String, List<Long>> wantSeries = new TreeMap<>();
      want.byDay.forEach((d, n) -> wantSeries.put(d, List.of(n[0], n[1])));
      assertThat(series).as(domain).isEqualTo(wantSeries);
      assertThat(
              page.policies().stream()
                  .map(p -> p.policyType() + "|" + String.join("\n", p.policyStrings()))
                  .collect(Collectors.toSet()))
          .as(domain)
          .isEqualTo(want.policies);
      long orgFailed = page.byOrganization().stream().mapToLong(OrganizationSessions::failed).sum();
      assertThat(orgFailed).as(domain).isEqualTo(page.summary().failed());
      ReportPage list =
          q.reports(
              new ReportFilter(Optional.of(domain), Optional.empty(), Optional.empty(), Period.ALL),
              Paging.FIRST);
      assertThat(list.total()).as(domain).isEqualTo(want.reports.size());
      for (ReportListing r : list.reports()) {
        ReportDetail detail = q.report(r.id()).orElseThrow();
        assertThat(detail.listing()).isEqualTo(r);
        assertThat(detail.policies().stream().mapToLong(StoredPolicy::failed).sum())
            .isEqualTo(r.failed());
        assertThat(q.raw(r.id()).orElseThrow()).isInstanceOf(RawReport.Kept.class);
      }
    }
    // Every sts policy whose lines senders reported is read for its mode (mail.ru reports none).
    assertThat(
            expected.keySet().stream()
                .flatMap(d -> q.policies(d, Period.ALL).stream())
                .filter(p -> p.policyType().equals("sts") && !p.policyStrings().isEmpty())
                .map(PolicySeen::mode))
        .hasSizeGreaterThan(5)
        .allMatch(Optional::isPresent);
  }

  private static String report(String org, String id, String day, String mode) {
    return TestReports.json(org, id, day, "example.org", 10, Map.of("certificate-expired", 1L))
        .replace("mode: testing", "mode: " + mode);
  }

  @Test
  void aSenderStillApplyingTheOldPolicyAfterTheNewOneAppearedIsStale() {
    feed.accept(report("Late", "l1", "2026-03-01", "testing"));
    feed.accept(report("Late", "l2", "2026-03-05", "testing")); // after enforce appeared: stale
    feed.accept(report("Prompt", "p1", "2026-03-01", "testing"));
    feed.accept(report("Prompt", "p2", "2026-03-03", "testing")); // the day it changed: not stale
    feed.accept(report("Prompt", "p3", "2026-03-04", "enforce"));
    feed.accept(report("First", "f1", "2026-03-03", "enforce"));
    List<PolicySeen> policies = store.queries().policies("example.org", Period.ALL);
    assertThat(policies)
        .extracting(p -> p.mode().orElseThrow())
        .containsExactly("enforce", "testing");
    PolicySeen enforce = policies.get(0);
    PolicySeen testing = policies.get(1);
    assertThat(enforce.current()).isTrue();
    assertThat(testing.current()).isFalse();
    assertThat(enforce.firstDay()).isEqualTo(LocalDate.parse("2026-03-03"));
    assertThat(enforce.senders()).noneMatch(PolicySender::stale);
    assertThat(testing.senders())
        .extracting(PolicySender::organization, PolicySender::lastDay, PolicySender::stale)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Late", LocalDate.parse("2026-03-05"), true),
            org.assertj.core.groups.Tuple.tuple("Prompt", LocalDate.parse("2026-03-03"), false));
    assertThat(testing.mx()).containsExactly("mx1.example.org");
    assertThat(testing.maxAge()).contains(86400L);
    assertThat(testing.successful()).isEqualTo(40);
    // Within a period that ends before the change, nothing is newer, nothing is stale.
    List<PolicySeen> before =
        store
            .queries()
            .policies(
                "example.org",
                Period.of(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02")));
    assertThat(before).singleElement().satisfies(p -> assertThat(p.current()).isTrue());
    assertThat(before.getFirst().senders()).noneMatch(PolicySender::stale);
  }

  @Test
  void theOverviewCountsTheLast7And30DaysFromTodayByTheClock() {
    feed.accept(report("A", "today", "2026-03-30", "enforce"));
    feed.accept(report("A", "d6", "2026-03-24", "enforce"));
    feed.accept(report("A", "d7", "2026-03-23", "testing")); // 8th day back: only in 30
    feed.accept(report("A", "d29", "2026-03-01", "testing"));
    feed.accept(report("A", "d30", "2026-02-28", "testing")); // 31st day back: in neither
    Clock clock = Clock.fixed(Instant.parse("2026-03-30T23:00:00Z"), ZoneOffset.UTC);
    DomainOverview o = store.queries(clock).overview("example.org");
    assertThat(o.last7()).isEqualTo(new DomainSummary.Sessions(20, 2));
    assertThat(o.last30()).isEqualTo(new DomainSummary.Sessions(40, 4));
    assertThat(o.trend()).hasSize(30);
    assertThat(o.trend().getFirst().day()).isEqualTo(LocalDate.parse("2026-03-01"));
    assertThat(o.trend().getLast())
        .isEqualTo(new DailySessions(LocalDate.parse("2026-03-30"), 10, 1));
    assertThat(o.trend().get(1)).isEqualTo(new DailySessions(LocalDate.parse("2026-03-02"), 0, 0));
    assertThat(o.reports()).isEqualTo(5);
    assertThat(o.lastDay()).contains(LocalDate.parse("2026-03-30"));
    assertThat(o.policyModes()).containsExactly("enforce");
    assertThat(store.queries(clock).overview(List.of())).containsExactly(o);
    // configured domains without reports are listed too, with zeros, in name order
    assertThat(store.queries(clock).overview(List.of("quiet.example", "example.org")))
        .extracting(DomainOverview::domain, DomainOverview::reports)
        .containsExactly(tuple("example.org", 5L), tuple("quiet.example", 0L));
    DomainOverview none = store.queries(clock).overview("unknown.example");
    assertThat(none.reports()).isZero();
    assertThat(none.lastDay()).isEmpty();
    assertThat(none.policyModes()).isEmpty();
  }

  @Test
  void theReportListFiltersPagesAndPutsTheNewestFirst() {
    for (int day = 1; day <= 9; day++) {
      String org = day % 2 == 0 ? "Even" : "Odd";
      Map<String, Long> failures =
          day % 3 == 0 ? Map.of("dane-required", 2L) : Map.of("certificate-expired", 1L);
      feed.accept(
          TestReports.json(org, "r" + day, "2026-04-0" + day, "example.org", day, failures));
    }
    feed.accept(TestReports.json("Odd", "other", "2026-04-05", "other.example", 1, Map.of()));
    ReportQueries q = store.queries();
    ReportPage all = q.reports(ReportFilter.ALL, new Paging(4, 0));
    assertThat(all.total()).isEqualTo(10);
    assertThat(all.reports())
        .extracting(ReportListing::reportId)
        .containsExactly("r9", "r8", "r7", "r6");
    assertThat(q.reports(ReportFilter.ALL, new Paging(4, 8)).reports())
        .extracting(ReportListing::reportId)
        .containsExactly("r2", "r1");
    assertThat(q.reports(ReportFilter.ALL, new Paging(4, 100)).reports()).isEmpty();
    ReportFilter dane =
        new ReportFilter(
            Optional.of("example.org"), Optional.empty(), Optional.of("dane-required"), Period.ALL);
    assertThat(q.reports(dane, Paging.FIRST).reports())
        .extracting(ReportListing::reportId)
        .containsExactly("r9", "r6", "r3");
    ReportFilter evenInRange =
        new ReportFilter(
            Optional.empty(),
            Optional.of("Even"),
            Optional.empty(),
            Period.of(LocalDate.parse("2026-04-03"), LocalDate.parse("2026-04-06")));
    ReportPage even = q.reports(evenInRange, Paging.FIRST);
    assertThat(even.total()).isEqualTo(2);
    assertThat(even.reports()).extracting(ReportListing::reportId).containsExactly("r6", "r4");
    ReportFilter nothing =
        new ReportFilter(
            Optional.of("other.example"),
            Optional.empty(),
            Optional.of("dane-required"),
            Period.ALL);
    assertThat(q.reports(nothing, Paging.FIRST).total()).isZero();
  }

  @Test
  void theRawReportIsTheJsonAsReceivedOrSaysRetentionDroppedIt() {
    String json = TestReports.json("Org", "raw", "2026-05-01", "example.org", 3, Map.of());
    byte[] gzip = TestReports.gzip(json);
    assertThat(feed.accept(gzip)).isInstanceOf(Outcome.Stored.class);
    byte[] mail =
        TestReports.mail(
            "tlsrpt@sender.example",
            "example.org",
            TestReports.json("Mailer", "m", "2026-05-02", "example.org", 4, Map.of()));
    assertThat(feed.accept(mail)).isInstanceOf(Outcome.Stored.class);
    ReportQueries q = store.queries();
    List<ReportListing> rows = q.reports(ReportFilter.ALL, Paging.FIRST).reports();
    ReportListing fromMail = rows.get(0);
    ReportListing fromGzip = rows.get(1);
    assertThat(q.raw(fromGzip.id())).contains(new RawReport.Kept(json, true, gzip.length));
    RawReport extracted = q.raw(fromMail.id()).orElseThrow();
    assertThat(extracted)
        .isInstanceOfSatisfying(
            RawReport.Kept.class,
            k -> {
              assertThat(k.asReceived()).isFalse();
              assertThat(k.json()).contains("\"organization-name\":\"Mailer\"");
            });
    ReportDetail detail = q.report(fromMail.id()).orElseThrow();
    assertThat(detail.rawKept()).isTrue();
    assertThat(detail.dkim()).map(DkimVerdict::result).isPresent();
    assertThat(store.dropRawBefore(Instant.now().plusSeconds(60))).isEqualTo(2);
    assertThat(q.raw(fromGzip.id())).get().isInstanceOf(RawReport.DroppedByRetention.class);
    assertThat(q.report(fromGzip.id()).orElseThrow().rawKept()).isFalse();
    assertThat(q.raw(123_456_789L)).isEmpty();
    assertThat(q.report(123_456_789L)).isEmpty();
  }

  @Test
  void anUnknownDomainOrAnEmptyPeriodGivesEmptyTables() {
    feed.accept(report("A", "x", "2026-03-10", "testing"));
    ReportQueries q = store.queries();
    assertThat(q.hasReports("example.org")).isTrue();
    assertThat(q.hasReports("unknown.example")).isFalse();
    for (DomainPage page :
        List.of(
            q.domainPage("unknown.example", Period.ALL),
            q.domainPage(
                "example.org",
                Period.of(LocalDate.parse("2026-03-11"), LocalDate.parse("2026-03-20"))))) {
      assertThat(page.summary().reports()).isZero();
      assertThat(page.series()).isEmpty();
      assertThat(page.byResultType()).isEmpty();
      assertThat(page.byOrganization()).isEmpty();
      assertThat(page.byMxHost()).isEmpty();
      assertThat(page.bySendingIp()).isEmpty();
      assertThat(page.policies()).isEmpty();
    }
  }

  @Test
  void breakdownsAreLargestFirstWithTheirResultTypes() {
    feed.accept(
        TestReports.json(
                "Big",
                "b",
                "2026-03-10",
                "example.org",
                1,
                Map.of("dane-required", 5L, "validation-failure", 1L))
            .replaceFirst("192\\.0\\.2\\.1", "198.51.100.7"));
    feed.accept(
        TestReports.json(
            "Small", "s", "2026-03-10", "example.org", 9, Map.of("dane-required", 2L)));
    ReportQueries q = store.queries();
    assertThat(q.sessionsByOrganization("example.org", Period.ALL))
        .containsExactly(
            new OrganizationSessions(
                "Big", 1, 6, Map.of("dane-required", 5L, "validation-failure", 1L)),
            new OrganizationSessions("Small", 9, 2, Map.of("dane-required", 2L)));
    assertThat(q.failuresByResultType("example.org", Period.ALL))
        .extracting(FailureGroup::key, FailureGroup::failed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dane-required", 7L),
            org.assertj.core.groups.Tuple.tuple("validation-failure", 1L));
    List<FailureGroup> ips = q.failuresBySendingIp("example.org", Period.ALL);
    assertThat(ips)
        .extracting(FailureGroup::failed)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(ips.stream().mapToLong(FailureGroup::failed).sum()).isEqualTo(8);
    assertThat(q.failuresByMxHost("example.org", Period.ALL))
        .containsExactly(
            new FailureGroup(
                "mx1.example.org", 8, Map.of("dane-required", 7L, "validation-failure", 1L)));
    assertThat(new ArrayList<>(q.series("example.org", Period.ALL)))
        .containsExactly(new DailySessions(LocalDate.parse("2026-03-10"), 10, 8));
  }

  @Test
  void periodsAcrossMonthEdgesCountEachDayOnce() {
    List<String> days =
        List.of("2026-01-31", "2026-02-01", "2026-02-15", "2026-02-28", "2026-03-01");
    for (String day : days) {
      feed.accept(
          TestReports.json("Org", "e" + day, day, "example.org", 1, Map.of("dane-required", 1L)));
    }
    ReportQueries q = store.queries();
    Map<List<String>, Long> want =
        Map.of(
            List.of("2026-01-31", "2026-03-01"), 5L,
            List.of("2026-02-01", "2026-02-28"), 3L,
            List.of("2026-02-02", "2026-03-01"), 3L,
            List.of("2026-01-01", "2026-01-31"), 1L,
            List.of("2026-02-16", "2026-02-27"), 0L);
    want.forEach(
        (range, n) -> {
          Period p = Period.of(LocalDate.parse(range.get(0)), LocalDate.parse(range.get(1)));
          DomainPage page = q.domainPage("example.org", p);
          assertThat(page.byResultType().stream().mapToLong(FailureGroup::failed).sum())
              .as(range.toString())
              .isEqualTo(n);
          assertThat(page.bySendingIp().stream().mapToLong(FailureGroup::failed).sum())
              .as(range.toString())
              .isEqualTo(n);
          assertThat(page.byMxHost().stream().mapToLong(FailureGroup::failed).sum())
              .as(range.toString())
              .isEqualTo(n);
          assertThat(page.summary().reports()).as(range.toString()).isEqualTo(n);
          assertThat(page.summary()).isEqualTo(q.summary("example.org", p));
        });
  }
}
