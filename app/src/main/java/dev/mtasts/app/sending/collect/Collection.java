package dev.mtasts.app.sending.collect;

import dev.mtasts.app.listen.CannotStartException;
import dev.mtasts.app.resolver.TlsrptAttributes;
import dev.mtasts.app.sending.HandshakeSink;
import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.sending.collect.maillog.MailLogSource;
import dev.mtasts.app.sending.collect.maillog.SmtpLogSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake sources a daemon runs for {@code tlsrpt_reporting}: the libtlsrpt datagram socket
 * ({@code socket}, Postfix 3.10+) and the mail log ({@code postfix_log}, a file or {@code journal},
 * Postfix 3.7–3.9), both feeding the sink. Started by the resolver, and by serve for the datagrams
 * only: the mail log names no policy, and only the resolver knows which one each domain had ({@link
 * PolicyView}).
 */
public final class Collection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Collection.class);

  /** At most this many invalid datagrams are kept for inspection. */
  static final int MAX_INVALID_DATAGRAMS = 1000;

  private final Optional<DatagramCollector> datagrams;
  private final Optional<MailLogSource> mailLog;

  private Collection(Optional<DatagramCollector> datagrams, Optional<MailLogSource> mailLog) {
    this.datagrams = datagrams;
    this.mailLog = mailLog;
  }

  /**
   * Starts what {@code config} asks for.
   *
   * @param policies the resolver's view of each domain's policy, for the mail log; empty in a
   *     process without one (serve), where {@code postfix_log} is refused
   * @throws CannotStartException naming the key, when a source cannot start
   */
  public static Collection start(
      ReportingConfig config,
      HandshakeSink sink,
      Optional<PolicyView> policies,
      CollectorMetrics metrics,
      Clock clock) {
    if (config.postfixLog().isPresent() && policies.isEmpty()) {
      throw new CannotStartException(
          "tlsrpt_reporting.postfix_log is read by mtasts resolver only (the mail log names no"
              + " policy; the resolver knows each domain's): set it in mta-sts-daemon.yml");
    }
    Optional<DatagramCollector> datagrams = Optional.empty();
    if (config.socket().isPresent()) {
      Path socket = config.socket().get();
      try {
        datagrams =
            Optional.of(
                DatagramCollector.start(
                    socket,
                    sink,
                    config.data().resolve("invalid-datagrams"),
                    MAX_INVALID_DATAGRAMS,
                    metrics,
                    clock));
      } catch (IOException | RuntimeException e) {
        throw new CannotStartException(
            "tlsrpt_reporting.socket "
                + socket
                + ": cannot listen there ("
                + CannotStartException.reason(e)
                + ")",
            e);
      }
      LOG.info("collecting libtlsrpt datagrams on {}", socket);
    }
    try {
      Optional<MailLogSource> mailLog = Optional.empty();
      if (config.postfixLog().isPresent()) {
        mailLog = Optional.of(mailLog(config, sink, policies.get(), clock));
      }
      return new Collection(datagrams, mailLog);
    } catch (RuntimeException e) {
      datagrams.ifPresent(Collection::quietly);
      throw e;
    }
  }

  private static MailLogSource mailLog(
      ReportingConfig config, HandshakeSink sink, PolicyView policies, Clock clock) {
    SmtpLogSessions sessions = new SmtpLogSessions(policies, TlsrptAttributes::policyStrings, sink);
    if (config.postfixLogIsJournal()) {
      LOG.info("collecting Postfix TLS results from the journal (postfix/smtp)");
      return MailLogSource.journal(config.data().resolve("journal.cursor"), sessions);
    }
    Path log = config.postfixLog().get();
    checkLogFile(log);
    try {
      MailLogSource source =
          MailLogSource.file(log, config.data().resolve("maillog.position"), sessions, clock);
      LOG.info("collecting Postfix TLS results from the mail log {}", log);
      return source;
    } catch (IOException | RuntimeException e) {
      throw new CannotStartException(
          "tlsrpt_reporting.postfix_log "
              + log
              + ": cannot be read ("
              + CannotStartException.reason(e)
              + ")",
          e);
    }
  }

  /**
   * A mail log that is not there yet is waited for (the syslog daemon creates it); one that can
   * never be read is an error.
   */
  private static void checkLogFile(Path log) {
    String key = "tlsrpt_reporting.postfix_log " + log + ": ";
    if (Files.isDirectory(log)) {
      throw new CannotStartException(key + "is a directory, not the mail log file");
    }
    if (Files.exists(log)) {
      if (!Files.isReadable(log)) {
        throw new CannotStartException(key + "is not readable by this user");
      }
      return;
    }
    Path parent = log.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new CannotStartException(key + "its directory does not exist");
    }
    LOG.warn("{}does not exist yet; it is read from its start once it appears", key);
  }

  /** Stops the sources: no new results reach the sink after this. */
  @Override
  public void close() {
    datagrams.ifPresent(Collection::quietly);
    mailLog.ifPresent(Collection::quietly);
  }

  private static void quietly(AutoCloseable source) {
    try {
      source.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("stopping a TLS-RPT collection source: {}", e.toString());
    }
  }
}
