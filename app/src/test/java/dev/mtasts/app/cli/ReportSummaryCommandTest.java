package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.Period;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportSummaryCommandTest {

  @TempDir Path dir;

  private String data() {
    return dir.resolve("data").toString();
  }

  private void importReports(List<String> names, List<byte[]> reports) throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    for (int i = 0; i < reports.size(); i++) {
      Files.write(in.resolve(names.get(i)), reports.get(i));
    }
    CliRun r = CliRun.run("report", "import", "--data", data(), in.toString());
    assertThat(r.exit()).as(r.err()).isIn(0, 1); // the corpus holds two non-reports
  }

  private static byte[] report(String org, String id, String day, String mode, long ok, long bad) {
    return TestReports.json(
            org,
            id,
            day,
            "example.org",
            ok,
            bad == 0 ? Map.of() : Map.of("certificate-expired", bad))
        .replace("mode: testing", "mode: " + mode)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theTextTablesOfADomainPage() throws IOException {
    importReports(
        List.of("1.json", "2.json", "3.json"),
        List.of(
            report("Slow Mail", "s1", "2026-03-01", "testing", 90, 10),
            report("Slow Mail", "s2", "2026-03-05", "testing", 40, 0),
            report("Quick", "q1", "2026-03-02", "enforce", 5, 0)));
    CliRun r = CliRun.run("report", "summary", "--data", data(), "Example.ORG.");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            example.org, all time (UTC days the reports start on)
            reports 3, successful sessions 135, failed sessions 10, success rate 0.9310

            Sessions per day
              day         successful  failed  success_rate
              2026-03-01          90      10        0.9000
              2026-03-02           5       0        1.0000
              2026-03-05          40       0        1.0000

            Failures by result type
              result_type          failed
              certificate-expired      10

            Sessions by sending organisation
              organization  successful  failed  success_rate  result_types
              Slow Mail            130      10        0.9286  certificate-expired=10
              Quick                  5       0        1.0000

            Failures by MX host
              mx_host          failed  result_types
              mx1.example.org      10  certificate-expired=10

            Failures by sending IP
              sending_ip  failed  result_types
              192.0.2.1       10  certificate-expired=10

            Policies senders applied (stale: still applied after a newer one appeared)
              policy_type  mode     mx               max_age  policy_first_day  current  organization  first_day   last_day    successful  failed  stale
              sts          enforce  mx1.example.org    86400  2026-03-02        true     Quick         2026-03-02  2026-03-02           5       0  false
              sts          testing  mx1.example.org    86400  2026-03-01        false    Slow Mail     2026-03-01  2026-03-05         130      10  true

            """);
    CliRun period =
        CliRun.run(
            "report",
            "summary",
            "--data",
            data(),
            "example.org",
            "--from",
            "2026-03-03",
            "--to",
            "2026-03-31");
    assertThat(period.exit()).isZero();
    assertThat(period.out())
        .startsWith("example.org, 2026-03-03 to 2026-03-31")
        .contains("reports 1, successful sessions 40, failed sessions 0, success rate 1.0000")
        .contains("Failures by result type\n  (none)\n");
  }

  @Test
  void jsonIsTheApisPageAndMatchesTheCorpusTotals() throws IOException {
    importReports(
        TestReports.CORPUS, TestReports.CORPUS.stream().map(TestReports::corpus).toList());
    JsonMapper mapper = JsonMapper.builder().build();
    try (ReportStore store = ReportStore.open(StoreLocation.inDataDirectory(Path.of(data())))) {
      for (var d : store.domains()) {
        CliRun r = CliRun.run("report", "summary", "--data", data(), "--json", d.domain());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode page = mapper.readTree(r.out());
        DomainSummary want = store.queries().summary(d.domain(), Period.ALL);
        assertThat(page.get("reports").asLong()).isEqualTo(want.reports());
        assertThat(page.get("successful").asLong()).isEqualTo(want.successful());
        assertThat(page.get("failed").asLong()).isEqualTo(want.failed());
        long byType = 0;
        for (JsonNode t : page.get("by_result_type")) {
          byType += t.get("failed").asLong();
        }
        assertThat(byType)
            .isEqualTo(want.byResultType().values().stream().mapToLong(Long::longValue).sum());
      }
    }
  }

  @Test
  void badInputIsAUsageErrorAndAnUnreachableStoreIs75() throws IOException {
    importReports(List.of("1.json"), List.of(report("Org", "x", "2026-03-01", "testing", 1, 0)));
    record Case(List<String> args, String message) {}
    List<Case> cases =
        List.of(
            new Case(List.of("example.org", "--from", "March"), "--from must be a date"),
            new Case(List.of("example.org", "--to", "2026-02-30"), "--to must be a date"),
            new Case(
                List.of("example.org", "--from", "2026-03-02", "--to", "2026-03-01"),
                "is after to"),
            new Case(List.of("not a domain"), "is not a domain name"),
            new Case(List.of("unknown.example"), "no reports for unknown.example"),
            new Case(List.of(), "Missing required parameter"),
            new Case(List.of("example.org", "--database", "mysql://x"), "--database"));
    for (Case c : cases) {
      List<String> args = new java.util.ArrayList<>(List.of("report", "summary", "--data", data()));
      args.addAll(c.args());
      CliRun r = CliRun.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(c.args() + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(c.args().toString()).contains(c.message());
      assertThat(r.out()).isEmpty();
    }
    CliRun down =
        CliRun.run(
            "report",
            "summary",
            "--database",
            "jdbc:postgresql://127.0.0.1:1/mtasts?user=mtasts&connectTimeout=1",
            "example.org");
    assertThat(down.exit()).as(down.err()).isEqualTo(75);
    assertThat(down.err()).contains("the store is unavailable");
  }

  @Test
  void aConfiguredDomainWithoutReportsHasEmptyTables() throws IOException {
    Path config = dir.resolve("mtasts.yml");
    Files.writeString(config, "data: data\nreports:\n  domains: [quiet.example]\n");
    CliRun r = CliRun.run("report", "summary", "--config", config.toString(), "quiet.example");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("reports 0, successful sessions 0, failed sessions 0\n");
  }
}
