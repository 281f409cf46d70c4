package dev.mtasts.app.sending;

import dev.mtasts.app.relay.RelayConfig;
import dev.mtasts.app.store.StoreLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code tlsrpt_reporting:} section (docs/configuration.md), read from the resolver's {@code
 * mta-sts-daemon.yml} or from serve's config by {@link ReportingConfigReader}: where results are
 * collected and kept, who we are in the reports (RFC 8460 §4.4), and how they leave.
 *
 * @param socket {@code socket}: the libtlsrpt datagram socket (Postfix {@code
 *     smtp_tlsrpt_socket_name}), when collecting from it
 * @param postfixLog {@code postfix_log}: the Postfix mail log to read (Postfix 3.7-3.9), when any:
 *     a file, or {@link #JOURNAL} ({@code postfix_log: journal}) for the systemd journal
 * @param data {@code data}: the directory of the SQLite sending database ({@code sending.db})
 * @param database {@code database}: the sending database when not SQLite in {@code data}: a
 *     PostgreSQL database several sending processes may share (in serve, its own PostgreSQL {@code
 *     database} when this is absent), or {@code jdbc:sqlite:FILE}
 * @param organizationName {@code organization_name}: the report's {@code organization-name}
 * @param contactInfo {@code contact_info}: the report's {@code contact-info}, when given
 * @param submitter {@code submitter}: our domain, in the report-id, the file name and {@code
 *     TLS-Report-Submitter} (RFC 8460 §5.1, §5.3)
 * @param from {@code from}: the From address of report mail (default {@code
 *     noreply-smtp-tls-reporting@SUBMITTER})
 * @param dkim {@code dkim}: who signs report mail
 * @param transport {@code smtp: {relay}} or {@code sendmail}: how report mail leaves
 * @param onlyDaysWithFailures {@code only_days_with_failures}: send a domain's report only for a
 *     day on which some session to it failed
 * @param schedule when the daemon sends and how long it retries
 * @param suppress {@code suppress}: rua URIs never sent to (manual entries, exact URIs)
 * @param suppressAfterFailures {@code suppress_after_failures}: a rua whose deliveries failed for
 *     this many days in a row is suppressed
 */
public record ReportingConfig(
    Optional<Path> socket,
    Optional<Path> postfixLog,
    Path data,
    Optional<StoreLocation> database,
    String organizationName,
    Optional<String> contactInfo,
    String submitter,
    String from,
    Signing dkim,
    Transport transport,
    boolean onlyDaysWithFailures,
    Schedule schedule,
    List<String> suppress,
    int suppressAfterFailures) {

  public ReportingConfig {
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(postfixLog, "postfixLog");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(organizationName, "organizationName");
    Objects.requireNonNull(contactInfo, "contactInfo");
    Objects.requireNonNull(submitter, "submitter");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(dkim, "dkim");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(schedule, "schedule");
    suppress = List.copyOf(suppress);
  }

  /** {@code postfix_log: journal}: Postfix's records are read from the systemd journal. */
  public static final Path JOURNAL = Path.of("journal");

  /** Whether {@code postfix_log} names the journal rather than a file. */
  public boolean postfixLogIsJournal() {
    return postfixLog.filter(JOURNAL::equals).isPresent();
  }

  /** The database of collected results and the delivery log: {@code database}, else SQLite. */
  public StoreLocation store() {
    return database.orElseGet(() -> new StoreLocation.Sqlite(data.resolve("sending.db")));
  }

  /** Who DKIM-signs report mail (RFC 8460 §3: reports by mail must be signed). */
  public sealed interface Signing {
    /** We sign, with the key in {@code keyFile} published at {@code selector._domainkey.domain}. */
    record Own(String domain, String selector, Path keyFile) implements Signing {}

    /** {@code dkim: mta}: the MTA that relays report mail signs it. */
    record Mta() implements Signing {}
  }

  /** How report mail leaves. */
  public sealed interface Transport {
    /** {@code smtp: {relay: HOST:PORT, ...}}: handed to this SMTP server (operator-chosen). */
    record Relay(RelayConfig relay) implements Transport {}

    /** {@code sendmail: PATH}: piped to this program, as {@code PATH -i -f FROM -- TO}. */
    record Sendmail(Path program) implements Transport {}
  }

  /**
   * When reports leave (RFC 8460 §5.5).
   *
   * @param window {@code send_window_hours}: each report is sent at a random time within this long
   *     after the day's end (UTC midnight), so that receivers are not hit all at once
   * @param retryFor {@code retry_hours}: a failed delivery is retried with exponential backoff for
   *     this long after its first attempt
   * @param firstRetry the first backoff; each next one doubles
   */
  public record Schedule(Duration window, Duration retryFor, Duration firstRetry) {
    public static final Schedule DEFAULT =
        new Schedule(Duration.ofHours(4), Duration.ofHours(24), Duration.ofMinutes(5));
  }
}
