package dev.mtasts.app.sending.collect.maillog;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The Postfix 3.7–3.9 mail log as a collection source: a file ({@link MailLogFile}) or the journal
 * ({@link JournalFollower}) feeding one {@link SmtpLogSessions} from one thread.
 */
public final class MailLogSource implements AutoCloseable {

  /** How often the file is looked at for new lines. */
  static final Duration POLL = Duration.ofSeconds(1);

  private final AutoCloseable follower;

  private MailLogSource(AutoCloseable follower) {
    this.follower = follower;
  }

  /**
   * Follows the file {@code log} (lines in the system zone when they carry none).
   *
   * @param state where the position read is kept across restarts
   */
  public static MailLogSource file(Path log, Path state, SmtpLogSessions sessions, Clock clock)
      throws IOException {
    ZoneId zone = ZoneId.systemDefault();
    return new MailLogSource(
        MailLogFile.start(log, state, line -> sessions.accept(line, zone, clock.instant()), POLL));
  }

  /**
   * Follows {@code postfix/smtp} in the systemd journal with {@code journalctl}.
   *
   * @param state where the journal cursor is kept across restarts
   */
  public static MailLogSource journal(Path state, SmtpLogSessions sessions) {
    return new MailLogSource(JournalFollower.start(List.of("journalctl"), state, sessions::accept));
  }

  /** Stops following; the position is saved. */
  @Override
  public void close() throws IOException {
    try {
      follower.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
