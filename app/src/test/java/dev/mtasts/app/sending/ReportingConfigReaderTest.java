package dev.mtasts.app.sending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.relay.RelayConfig;
import dev.mtasts.app.relay.RelayTls;
import dev.mtasts.app.resolver.ResolverConfig;
import dev.mtasts.app.resolver.ResolverConfigReader;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code tlsrpt_reporting:} section in the resolver's file and in serve's (config.md). */
class ReportingConfigReaderTest {

  private static final String SECTION =
      """
      tlsrpt_reporting:
        socket: /var/spool/postfix/run/tlsrpt/tlsrpt.sock
        data: /var/lib/mtasts
        organization_name: Example Mail
        contact_info: mailto:tlsrpt@example.net
        submitter: example.net
        dkim: {domain: example.net, selector: tlsrpt, key_file: /etc/mtasts/dkim-tlsrpt.key}
        smtp: {relay: 127.0.0.1:25}
      """;

  @Test
  void theDesignExampleReadsFromTheResolversFile() {
    ParseResult<ResolverConfig> r = ResolverConfigReader.read("path: /run/sts.sock\n" + SECTION);
    assertThat(r.errors()).isEmpty();
    ReportingConfig c = r.orThrow().reporting().orElseThrow();
    assertThat(c.socket()).contains(Path.of("/var/spool/postfix/run/tlsrpt/tlsrpt.sock"));
    assertThat(c.store())
        .isEqualTo(new StoreLocation.Sqlite(Path.of("/var/lib/mtasts/sending.db")));
    assertThat(c.organizationName()).isEqualTo("Example Mail");
    assertThat(c.contactInfo()).contains("mailto:tlsrpt@example.net");
    assertThat(c.submitter()).isEqualTo("example.net");
    assertThat(c.from()).isEqualTo("noreply-smtp-tls-reporting@example.net");
    assertThat(c.dkim())
        .isEqualTo(
            new ReportingConfig.Signing.Own(
                "example.net", "tlsrpt", Path.of("/etc/mtasts/dkim-tlsrpt.key")));
    assertThat(c.transport())
        .isEqualTo(
            new ReportingConfig.Transport.Relay(
                new RelayConfig(
                    "tlsrpt_reporting.smtp", "127.0.0.1", 25, RelayTls.NONE, Optional.empty())));
    assertThat(c.onlyDaysWithFailures()).isFalse();
    assertThat(c.schedule()).isEqualTo(ReportingConfig.Schedule.DEFAULT);
    assertThat(c.suppressAfterFailures()).isEqualTo(3);
  }

  @Test
  void postfixLogJournalIsTheJournalAndAnythingElseAFile() {
    ReportingConfig journal =
        ResolverConfigReader.read(SECTION + "  postfix_log: journal\n")
            .orThrow()
            .reporting()
            .orElseThrow();
    assertThat(journal.postfixLogIsJournal()).isTrue();
    ReportingConfig file =
        ResolverConfigReader.read(SECTION + "  postfix_log: /var/log/mail.log\n")
            .orThrow()
            .reporting()
            .orElseThrow();
    assertThat(file.postfixLogIsJournal()).isFalse();
    assertThat(file.postfixLog()).contains(Path.of("/var/log/mail.log"));
    ReportingConfig none = ResolverConfigReader.read(SECTION).orThrow().reporting().orElseThrow();
    assertThat(none.postfixLogIsJournal()).isFalse();
  }

  @Test
  void aFileCalledJournalElsewhereIsAFile() {
    ParseResult<ServeConfig> r =
        ServeConfigReader.read(SECTION + "  postfix_log: ./journal\n", Path.of("/etc/mtasts"));
    ReportingConfig c = r.orThrow().reporting().orElseThrow();
    assertThat(c.postfixLogIsJournal()).isFalse();
    assertThat(c.postfixLog()).contains(Path.of("/etc/mtasts/journal"));
  }

  @Test
  void inServesFileDataDefaultsToServesDataAndPathsAreRelativeToTheFile() {
    ParseResult<ServeConfig> r =
        ServeConfigReader.read(
            """
            data: ./state
            allow_private_addresses: true
            tlsrpt_reporting:
              organization_name: Example Mail
              submitter: example.net
              dkim: mta
              sendmail: /usr/sbin/sendmail
              only_days_with_failures: true
              send_window_hours: 2
              suppress: [mailto:gone@example.com]
            """,
            Path.of("/etc/mtasts"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    ServeConfig serve = r.orThrow();
    ReportingConfig c = serve.reporting().orElseThrow();
    assertThat(serve.allowPrivateAddresses()).isTrue();
    assertThat(c.data()).isEqualTo(Path.of("/etc/mtasts/state"));
    assertThat(c.dkim()).isEqualTo(new ReportingConfig.Signing.Mta());
    assertThat(c.transport())
        .isEqualTo(new ReportingConfig.Transport.Sendmail(Path.of("/usr/sbin/sendmail")));
    assertThat(c.onlyDaysWithFailures()).isTrue();
    assertThat(c.schedule().window()).isEqualTo(Duration.ofHours(2));
    assertThat(c.suppress()).containsExactly("mailto:gone@example.com");
  }

  @Test
  void absentSectionIsNoReporting() {
    assertThat(ResolverConfigReader.read("path: /run/sts.sock\n").orThrow().reporting()).isEmpty();
  }

  @Test
  void unknownKeyIsAnErrorWithItsLine() {
    ParseResult<ResolverConfig> r = ResolverConfigReader.read(SECTION + "  enabled: true\n");
    assertThat(r.errors()).extracting(Problem::code).containsExactly("RESOLVER_CONFIG_UNKNOWN_KEY");
    assertThat(r.errors().getFirst().line()).isEqualTo(9);
    assertThat(r.errors().getFirst().message()).contains("tlsrpt_reporting.enabled");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    ParseResult<ServeConfig> r =
        ServeConfigReader.read("tlsrpt_reporting:\n  socket: /tmp/s\n", Path.of("/"));
    assertThat(r.errors()).extracting(Problem::code).containsOnly("SERVE_CONFIG_MISSING");
    assertThat(r.errors())
        .extracting(Problem::message)
        .anyMatch(m -> m.contains("submitter"))
        .anyMatch(m -> m.contains("organization_name"))
        .anyMatch(m -> m.contains("dkim"));
  }

  @Test
  void resolverFileNeedsData() {
    ParseResult<ResolverConfig> r =
        ResolverConfigReader.read(SECTION.replace("  data: /var/lib/mtasts\n", ""));
    assertThat(r.errors()).extracting(Problem::message).anyMatch(m -> m.contains("data"));
  }

  @Test
  void smtpAndSendmailTogetherAreRefused() {
    ParseResult<ResolverConfig> r = ResolverConfigReader.read(SECTION + "  sendmail: /x\n");
    assertThat(r.errors())
        .extracting(Problem::message)
        .containsExactly("tlsrpt_reporting takes smtp or sendmail, not both");
  }

  @Test
  void badRelayIsRefused() {
    ParseResult<ResolverConfig> r =
        ResolverConfigReader.read(SECTION.replace("127.0.0.1:25", "127.0.0.1:x"));
    assertThat(r.errors()).extracting(Problem::code).containsExactly("RESOLVER_CONFIG_VALUE");
    assertThat(r.errors().getFirst().line()).isEqualTo(8);
  }

  @Test
  void dkimMustBeAMappingOrMta() {
    ParseResult<ResolverConfig> r =
        ResolverConfigReader.read(SECTION.replaceFirst("dkim: \\{.*}", "dkim: sign-it-please"));
    assertThat(r.errors()).extracting(Problem::code).containsExactly("RESOLVER_CONFIG_VALUE");
  }

  @Test
  void dkimNeedsSelectorAndKeyFile() {
    ParseResult<ResolverConfig> r =
        ResolverConfigReader.read(
            SECTION.replaceFirst("dkim: \\{.*}", "dkim: {domain: a.example}"));
    assertThat(r.errors())
        .extracting(Problem::message)
        .anyMatch(m -> m.contains("selector"))
        .anyMatch(m -> m.contains("key_file"));
  }

  @Test
  void submitterMustBeADomain() {
    ParseResult<ResolverConfig> r =
        ResolverConfigReader.read(SECTION.replace("submitter: example.net", "submitter: a..b"));
    assertThat(r.errors()).extracting(Problem::code).containsExactly("RESOLVER_CONFIG_VALUE");
  }

  @Test
  void sendWindowIsWithinADay() {
    ParseResult<ResolverConfig> r =
        ResolverConfigReader.read(SECTION + "  send_window_hours: 30\n");
    assertThat(r.errors()).extracting(Problem::code).containsExactly("RESOLVER_CONFIG_VALUE");
  }

  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/mtasts?user=mtasts";

  @Test
  void databaseNamesPostgresqlInsteadOfSqliteInData() {
    ParseResult<ResolverConfig> r = ResolverConfigReader.read(SECTION + "  database: " + PG + "\n");
    assertThat(r.errors()).isEmpty();
    assertThat(r.orThrow().reporting().orElseThrow().store())
        .isEqualTo(new StoreLocation.Postgres(PG));
  }

  @Test
  void aSqliteDatabaseIsRelativeToServesFile() {
    ParseResult<ServeConfig> r =
        ServeConfigReader.read(
            SERVE_SECTION + "  database: jdbc:sqlite:sending/other.db\n", Path.of("/etc/mtasts"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.orThrow().reporting().orElseThrow().store())
        .isEqualTo(new StoreLocation.Sqlite(Path.of("/etc/mtasts/sending/other.db")));
  }

  @Test
  void aDatabaseThatIsNoJdbcUrlIsAnErrorWithItsLine() {
    for (String bad :
        new String[] {
          "postgres://127.0.0.1/mtasts", "jdbc:mysql://x/y", "jdbc:sqlite:", "jdbc:postgresql"
        }) {
      ParseResult<ResolverConfig> r =
          ResolverConfigReader.read(SECTION + "  database: \"" + bad + "\"\n");
      assertThat(r.errors())
          .as(bad)
          .extracting(Problem::code)
          .containsExactly("RESOLVER_CONFIG_VALUE");
      assertThat(r.errors().getFirst().message()).as(bad).contains("tlsrpt_reporting.database");
      assertThat(r.errors().getFirst().line()).as(bad).isEqualTo(9);
    }
  }

  @Test
  void inServesFileServesPostgresqlIsTheDefault() {
    ParseResult<ServeConfig> r =
        ServeConfigReader.read("database: " + PG + "\n" + SERVE_SECTION, Path.of("/etc/mtasts"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.orThrow().reporting().orElseThrow().store())
        .isEqualTo(new StoreLocation.Postgres(PG));
  }

  @Test
  void inServesFileItsSqliteDatabaseIsNotTheDefault() {
    ParseResult<ServeConfig> r =
        ServeConfigReader.read(
            "database: jdbc:sqlite:/srv/reports.db\n" + SERVE_SECTION, Path.of("/etc/mtasts"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.orThrow().reporting().orElseThrow().store())
        .isEqualTo(new StoreLocation.Sqlite(Path.of("/etc/mtasts/data/sending.db")));
  }

  @Test
  void inServesFileTheSectionsDatabaseWinsAndTheFlagChangesNothing() {
    ParseResult<ServeConfig> r =
        ServeConfigReader.read(
            "database: " + PG + "\n" + SERVE_SECTION + "  database: jdbc:sqlite:sending.db\n",
            Path.of("/etc/mtasts"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.orThrow().reporting().orElseThrow().store())
        .isEqualTo(new StoreLocation.Sqlite(Path.of("/etc/mtasts/sending.db")));

    ServeConfig flagged =
        ServeConfigReader.read(SERVE_SECTION, Path.of("/etc/mtasts")).orThrow().withDatabase(PG);
    assertThat(flagged.reporting().orElseThrow().store())
        .as("report send --config FILE finds the same store as serve --config FILE --database URL")
        .isEqualTo(new StoreLocation.Sqlite(Path.of("/etc/mtasts/data/sending.db")));
  }

  private static final String SERVE_SECTION =
      """
      tlsrpt_reporting:
        organization_name: Example Mail
        submitter: example.net
        dkim: mta
      """;
}
