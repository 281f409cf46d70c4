package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.dkim.DkimSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportImportCommandTest {

  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve("in").resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return p;
  }

  /**
   * A config whose DKIM key lookups go to a closed loopback port (tests use only loopback): every
   * lookup is a TEMPERROR at once.
   */
  private String config(String dkim) throws IOException {
    Path c = dir.resolve("mtasts.yml");
    Files.writeString(c, "dns: 127.0.0.1:1\nreports:\n  dkim: " + dkim + "\n");
    return c.toString();
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private long successful(String domain) {
    try (ReportStore store = ReportStore.open(StoreLocation.inDataDirectory(Path.of(data())))) {
      return store.summary(domain, Optional.empty(), Optional.empty()).successful();
    }
  }

  @Test
  void filesAreStoredOnceAndRepeatsAreDuplicates() throws IOException {
    Path a =
        write(
            "a.json",
            TestReports.json("Org", "a", "2026-01-01", "example.org", 4, Map.of()).getBytes());
    Path b =
        write(
            "b.json.gz",
            TestReports.gzip(
                TestReports.json("Org", "b", "2026-01-02", "example.org", 5, Map.of())));
    CliRun first = CliRun.run("report", "import", "--data", data(), a.toString(), b.toString());
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .contains(a + ": stored for example.org", b + ": stored for example.org");
    CliRun again = CliRun.run("report", "import", "--data", data(), "--json", a.toString());
    assertThat(again.exit()).isZero();
    assertThat(again.out().strip())
        .isEqualTo("{\"input\":\"" + a + "\",\"outcome\":\"duplicate\"}");
    assertThat(successful("example.org")).isEqualTo(9);
  }

  @Test
  void aDirectoryWithABadReportIsExitOneAndTheOthersAreStored() throws IOException {
    write("good.json", TestReports.corpus("viewer-google.json"));
    write("sub/mail.eml", TestReports.corpus("tlsrptrs-google1.eml"));
    write("bad.eml", TestReports.corpus("tlsrptrs-not-a-report.eml"));
    CliRun run =
        CliRun.run(
            "report",
            "import",
            "--config",
            config("prefer"),
            "--data",
            data(),
            "--json",
            dir.resolve("in").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out().lines()).hasSize(3);
    assertThat(run.out()).contains("\"outcome\":\"rejected\"", "\"outcome\":\"stored\"");
    assertThat(run.out().lines().filter(l -> l.contains("\"stored\""))).hasSize(2);
  }

  @Test
  void underDkimRequireUnsignedMailIsExitOneAndAKeyLookupFailureIsExit75() throws Exception {
    byte[] mail =
        TestReports.mail(
            "reports@sender.example",
            "example.org",
            TestReports.json("Org", "u", "2026-01-01", "example.org", 4, Map.of()));
    Path unsigned = write("unsigned.eml", mail);
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    Path signed =
        write(
            "signed.eml",
            new DkimSigner(
                    "sender.example", "s1", rsa.generateKeyPair().getPrivate(), Clock.systemUTC())
                .sign(mail));

    CliRun refused =
        CliRun.run(
            "report",
            "import",
            "--config",
            config("require"),
            "--data",
            data(),
            unsigned.toString());
    CliRun deferred =
        CliRun.run(
            "report", "import", "--config", config("require"), "--data", data(), signed.toString());

    assertThat(refused.exit()).as(refused.err()).isEqualTo(1);
    assertThat(refused.out()).contains("rejected: reports.dkim is require", "none");
    assertThat(deferred.exit()).as(deferred.out()).isEqualTo(75);
    assertThat(deferred.out()).contains("not stored, try again later: DKIM key lookup failed");
    assertThat(successful("example.org")).isZero();
  }

  @Test
  void standardInputIsOneReport() {
    String json = TestReports.json("Org", "stdin", "2026-01-01", "pipe.example", 7, Map.of());
    CliRun run = CliRun.runWithStdin(json, "report", "import", "--data", data(), "-");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("-: stored for pipe.example");
    assertThat(successful("pipe.example")).isEqualTo(7);
  }

  @Test
  void anUnreachableDatabaseIsExit75() throws IOException {
    Path a =
        write(
            "a.json",
            TestReports.json("Org", "a", "2026-01-01", "example.org", 4, Map.of()).getBytes());
    CliRun run =
        CliRun.run(
            "report",
            "import",
            "--database",
            "jdbc:postgresql://127.0.0.1:1/mtasts?user=mtasts&connectTimeout=1",
            a.toString());
    assertThat(run.exit()).isEqualTo(75);
    assertThat(run.err()).contains("store is unavailable");
  }

  @Test
  void aMissingFileIsExitTwoAndTheRestIsStored() throws IOException {
    Path a =
        write(
            "a.json",
            TestReports.json("Org", "a", "2026-01-01", "example.org", 4, Map.of()).getBytes());
    CliRun run =
        CliRun.run(
            "report",
            "import",
            "--data",
            data(),
            dir.resolve("nope.json").toString(),
            a.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("nope.json: cannot read");
    assertThat(successful("example.org")).isEqualTo(4);
  }

  @Test
  void usageErrorsAreExitTwo() {
    assertThat(CliRun.run("report", "import").exit()).isEqualTo(2);
    assertThat(CliRun.run("report", "import", "--database", "mysql://x", "-").exit()).isEqualTo(2);
  }

  @Test
  void theConfigsDomainsDecideWhatIsStored() throws IOException {
    Path config = dir.resolve("mtasts.yml");
    Files.writeString(config, "data: " + data() + "\nreports:\n  domains: [example.org]\n");
    Path ours =
        write(
            "ours.json",
            TestReports.json("Org", "1", "2026-01-01", "example.org", 2, Map.of()).getBytes());
    Path theirs =
        write(
            "theirs.json",
            TestReports.json("Org", "2", "2026-01-01", "other.example", 3, Map.of()).getBytes());
    CliRun run =
        CliRun.run(
            "report", "import", "--config", config.toString(), ours.toString(), theirs.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("theirs.json: rejected: the report is for no domain configured");
    assertThat(successful("example.org")).isEqualTo(2);
    assertThat(successful("other.example")).isZero();
  }

  @Test
  void anUnknownConfigKeyIsNamedWithItsLine() throws IOException {
    Path config = dir.resolve("mtasts.yml");
    Files.writeString(config, "data: ./d\nreports:\n  domains: [example.org]\n  dkimm: off\n");
    CliRun run = CliRun.run("report", "import", "--config", config.toString(), "-");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("SERVE_CONFIG_UNKNOWN_KEY (line 4)", "'reports.dkimm'");
  }
}
