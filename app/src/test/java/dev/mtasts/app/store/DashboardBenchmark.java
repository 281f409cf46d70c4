package dev.mtasts.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's queries with a million failure-detail rows (docs/benchmarks.md, "Dashboard
 * queries"). Not part of the normal suite (the name does not end in Test); run it with
 *
 * <pre>
 * ./mvnw -B -ntp -pl app -am test -Dtest=DashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * System properties: {@code bench.rows} (failure details, default 1,000,000), {@code bench.dir}
 * (where the SQLite store is kept between runs, default app/target/dashboard-bench); the PostgreSQL
 * store is a fresh schema each run (skipped when PostgreSQL is absent). Reports go through the real
 * intake pipeline and write path, so the roll-ups are what production maintains.
 *
 * <p>The corpus: one domain, {@value #DAYS} days, {@value #ORGS} sending organisations with one
 * report a day each; each organisation has its own pool of {@value #IPS_PER_ORG} sending IPs, one
 * or two result types and three MX hosts, and each report carries as many failure details (distinct
 * sending IP, MX host, receiving IP and result type) as it takes to reach the row count. The domain
 * changed its policy from testing to enforce on day 60; a fifth of the senders kept the old one
 * (stale).
 */
class DashboardBenchmark {

  static final int DAYS = 90;
  static final int ORGS = 100;
  static final int IPS_PER_ORG = 10;
  static final String DOMAIN = "bench.example";
  static final LocalDate FIRST = LocalDate.parse("2026-01-01");
  static final String[] TYPES = {
    "certificate-expired",
    "certificate-host-mismatch",
    "starttls-not-supported",
    "validation-failure",
    "sts-policy-fetch-error",
    "certificate-not-trusted"
  };

  private final long rows = Long.getLong("bench.rows", 1_000_000L);

  @Test
  void sqlite() throws Exception {
    Path dir =
        Path.of(System.getProperty("bench.dir", "target/dashboard-bench")).resolve("r" + rows);
    StoreLocation where = StoreLocation.inDataDirectory(dir);
    run("SQLite", where, "jdbc:sqlite:" + dir.resolve("mtasts.db"), "EXPLAIN QUERY PLAN ");
  }

  @Test
  void postgresql() throws Exception {
    String url = TestPostgres.freshSchemaUrl();
    run("PostgreSQL", StoreLocation.ofUrl(url), url, "EXPLAIN ANALYZE ");
  }

  private void run(String engine, StoreLocation where, String jdbc, String explain)
      throws Exception {
    try (ReportStore store = ReportStore.open(where)) {
      long have = count(jdbc, "SELECT COUNT(*) FROM failure_detail");
      if (have < rows) {
        long t0 = System.nanoTime();
        generate(store);
        System.out.printf(
            Locale.ROOT,
            "%s: generated %d failure details in %.1f s%n",
            engine,
            count(jdbc, "SELECT COUNT(*) FROM failure_detail"),
            (System.nanoTime() - t0) / 1e9);
      }
      for (String table :
          List.of(
              "report",
              "failure_detail",
              "daily_sessions",
              "daily_failures",
              "daily_sending_ips",
              "daily_policies",
              "report_result_types")) {
        System.out.printf(
            "%s: %s has %d rows%n", engine, table, count(jdbc, "SELECT COUNT(*) FROM " + table));
      }
      if (explain.startsWith("EXPLAIN ANALYZE")) {
        try (Connection c = DriverManager.getConnection(jdbc);
            Statement s = c.createStatement()) {
          s.execute("ANALYZE");
        }
      }
      ReportQueries q = store.queries();
      Period all = Period.ALL;
      Period month = Period.of(FIRST.plusDays(30), FIRST.plusDays(59));
      List<String> lines = new ArrayList<>();
      lines.add(time(engine, "API summary, all time", () -> q.summary(DOMAIN, all)));
      lines.add(
          time(engine, "domain page, all time (every table)", () -> q.domainPage(DOMAIN, all)));
      lines.add(time(engine, "domain page, 30 days", () -> q.domainPage(DOMAIN, month)));
      lines.add(time(engine, "series", () -> q.series(DOMAIN, all)));
      lines.add(time(engine, "by result type", () -> q.failuresByResultType(DOMAIN, all)));
      lines.add(time(engine, "by organisation", () -> q.sessionsByOrganization(DOMAIN, all)));
      lines.add(time(engine, "by MX host", () -> q.failuresByMxHost(DOMAIN, all)));
      lines.add(time(engine, "by sending IP", () -> q.failuresBySendingIp(DOMAIN, all)));
      lines.add(time(engine, "policies", () -> q.policies(DOMAIN, all)));
      lines.add(time(engine, "overview", () -> q.overview(List.of())));
      lines.add(
          time(engine, "report list, first page", () -> q.reports(ReportFilter.ALL, Paging.FIRST)));
      ReportFilter byType =
          new ReportFilter(
              Optional.of(DOMAIN), Optional.empty(), Optional.of(TYPES[5]), Period.ALL);
      lines.add(time(engine, "report list, by result type", () -> q.reports(byType, Paging.FIRST)));
      long id = q.reports(ReportFilter.ALL, Paging.FIRST).reports().getFirst().id();
      lines.add(time(engine, "report detail", () -> q.report(id)));
      lines.forEach(System.out::println);
      explain(engine, jdbc, explain);
      DomainSummary s = q.summary(DOMAIN, all);
      assertThat(s.reports()).isEqualTo((long) DAYS * ORGS);
    }
  }

  /** Median and worst of 15 runs after 5 warm-ups, in milliseconds. */
  private static String time(String engine, String what, Supplier<?> query) {
    for (int i = 0; i < 5; i++) {
      assertThat(query.get()).isNotNull();
    }
    double[] ms = new double[15];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      Object result = query.get();
      ms[i] = (System.nanoTime() - t0) / 1e6;
      assertThat(result).isNotNull();
    }
    Arrays.sort(ms);
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.1f | %.1f |",
        engine,
        what,
        ms[ms.length / 2],
        ms[ms.length - 1]);
  }

  private static void explain(String engine, String jdbc, String explain) throws SQLException {
    List<String> sql =
        List.of(
            "SELECT sending_ip, result_type, SUM(failed) FROM daily_sending_ips WHERE domain = '"
                + DOMAIN
                + "' AND day >= '0000-01-01' AND day <= '9999-12-31' GROUP BY sending_ip, result_type",
            "SELECT organization, result_type, SUM(failed) FROM daily_failures WHERE domain = '"
                + DOMAIN
                + "' AND day >= '2026-02-01' AND day <= '2026-03-01' GROUP BY organization, result_type",
            "SELECT r.id FROM report r WHERE r.day >= '0000-01-01' AND r.day <= '9999-12-31'"
                + " AND r.domain = '"
                + DOMAIN
                + "' AND EXISTS (SELECT 1 FROM report_result_types t WHERE t.report_row = r.id"
                + " AND t.result_type = 'certificate-not-trusted') ORDER BY r.day DESC, r.id DESC"
                + " LIMIT 50");
    try (Connection c = DriverManager.getConnection(jdbc);
        Statement s = c.createStatement()) {
      for (String q : sql) {
        System.out.println(engine + " plan: " + q);
        try (ResultSet rs = s.executeQuery(explain + q)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            System.out.println("    " + rs.getString(n));
          }
        }
      }
    }
  }

  private static long count(String jdbc, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void generate(ReportStore store) throws Exception {
    Feed feed = new Feed(store);
    int perReport = (int) Math.ceil((double) rows / (DAYS * ORGS));
    AtomicLong failed = new AtomicLong();
    Semaphore window = new Semaphore(64);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int day = 0; day < DAYS; day++) {
        for (int org = 0; org < ORGS; org++) {
          String json = report(day, org, perReport);
          window.acquire();
          pool.execute(
              () -> {
                try {
                  if (!(feed.accept(json) instanceof Outcome.Stored)) {
                    failed.incrementAndGet();
                  }
                } finally {
                  window.release();
                }
              });
        }
      }
    }
    assertThat(failed.get()).isZero();
  }

  /** One organisation's report of one day. */
  static String report(int day, int org, int details) {
    SplittableRandom rnd = new SplittableRandom(day * 1_000L + org);
    boolean stale = org % 5 == 0;
    String mode = day >= 60 && !stale ? "enforce" : "testing";
    String[] types = {TYPES[org % TYPES.length], TYPES[(org * 7 + 1) % TYPES.length]};
    StringBuilder f = new StringBuilder();
    long failedSessions = 0;
    for (int i = 0; i < details; i++) {
      int ip = i % IPS_PER_ORG;
      int mx = (i / IPS_PER_ORG) % 3;
      int rest = i / (IPS_PER_ORG * 3);
      long n = 1L + rnd.nextInt(20);
      failedSessions += n;
      if (i > 0) {
        f.append(',');
      }
      f.append("{\"result-type\":\"")
          .append(types[rest % 2])
          .append("\",\"sending-mta-ip\":\"10.")
          .append(org)
          .append(".0.")
          .append(ip)
          .append("\",\"receiving-mx-hostname\":\"mx")
          .append(mx)
          .append('.')
          .append(DOMAIN)
          .append("\",\"receiving-ip\":\"192.0.2.")
          .append(rest % 250)
          .append("\",\"failed-session-count\":")
          .append(n)
          .append('}');
    }
    String date = FIRST.plusDays(day).toString();
    return "{\"organization-name\":\"Sender "
        + org
        + "\",\"date-range\":{\"start-datetime\":\""
        + date
        + "T00:00:00Z\",\"end-datetime\":\""
        + date
        + "T23:59:59Z\"},\"contact-info\":\"tlsrpt@sender"
        + org
        + ".example\",\"report-id\":\"bench-"
        + day
        + "-"
        + org
        + "\",\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-string\":"
        + "[\"version: STSv1\",\"mode: "
        + mode
        + "\",\"mx: *."
        + DOMAIN
        + "\",\"max_age: 604800\"],\"policy-domain\":\""
        + DOMAIN
        + "\",\"mx-host\":[\"*."
        + DOMAIN
        + "\"]},\"summary\":{\"total-successful-session-count\":"
        + (1000 + rnd.nextInt(5000))
        + ",\"total-failure-session-count\":"
        + failedSessions
        + "},\"failure-details\":["
        + f
        + "]}]}";
  }
}
