package dev.mtasts.app.sending.collect.maillog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows the Postfix SMTP client's records in the systemd journal: {@code journalctl --follow
 * --output=json --identifier=postfix/smtp}, from the end on the first start ({@code --lines=0}),
 * after the last record handed on ({@code --after-cursor}, the cursor kept in a file) on later
 * ones. journalctl is started again after it ends.
 */
public final class JournalFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JournalFollower.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<String> journalctl;
  private final Path state;
  private final Consumer<MailLogRecord> records;
  private final Thread thread;
  private volatile boolean closing;
  private volatile Process process;

  private JournalFollower(List<String> journalctl, Path state, Consumer<MailLogRecord> records) {
    this.journalctl = List.copyOf(journalctl);
    this.state = state;
    this.records = records;
    this.thread = Thread.ofPlatform().name("tlsrpt-journal").daemon().unstarted(this::run);
  }

  /**
   * Starts following; {@code journalctl} is the command and its leading arguments (normally just
   * {@code journalctl}; the unit or the directory of another journal may be added).
   */
  static JournalFollower start(
      List<String> journalctl, Path state, Consumer<MailLogRecord> records) {
    JournalFollower follower = new JournalFollower(journalctl, state, records);
    follower.thread.start();
    return follower;
  }

  private List<String> command() throws IOException {
    List<String> command = new ArrayList<>(journalctl);
    command.addAll(List.of("--follow", "--output=json", "--identifier=postfix/smtp"));
    Optional<String> cursor = cursor();
    command.add(cursor.isPresent() ? "--after-cursor=" + cursor.get() : "--lines=0");
    return command;
  }

  private void run() {
    while (!closing) {
      try {
        Process started =
            new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process = started;
        try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            handle(line);
          }
        }
        started.waitFor();
      } catch (IOException e) {
        if (!closing) {
          LOG.warn("following the journal with {} failed: {}", journalctl, e.toString());
        }
      } catch (InterruptedException e) {
        return;
      }
      if (!closing) {
        try {
          Thread.sleep(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void handle(String line) throws IOException {
    JsonNode entry;
    try {
      entry = JSON.readTree(line);
    } catch (JacksonException e) {
      return;
    }
    Optional<MailLogRecord> record = record(entry);
    record.ifPresent(records);
    JsonNode cursor = entry.get("__CURSOR");
    if (cursor != null && cursor.isString()) {
      saveCursor(cursor.stringValue());
    }
  }

  /** A journal entry (journalctl's JSON) as a mail log record; empty when fields are missing. */
  static Optional<MailLogRecord> record(JsonNode entry) {
    String program = text(entry, "SYSLOG_IDENTIFIER");
    String message = text(entry, "MESSAGE");
    String pid = text(entry, "SYSLOG_PID");
    if (pid == null) {
      pid = text(entry, "_PID");
    }
    String micros = text(entry, "__REALTIME_TIMESTAMP");
    if (program == null || message == null || pid == null || micros == null) {
      return Optional.empty();
    }
    try {
      long us = Long.parseLong(micros);
      return Optional.of(
          new MailLogRecord(
              Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1_000),
              program,
              Long.parseLong(pid),
              message));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }

  private Optional<String> cursor() throws IOException {
    if (!Files.exists(state)) {
      return Optional.empty();
    }
    String saved = Files.readString(state).strip();
    return saved.isEmpty() ? Optional.empty() : Optional.of(saved);
  }

  private void saveCursor(String cursor) throws IOException {
    Path parent = state.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve(state.getFileName() + ".tmp");
    Files.writeString(tmp, cursor + "\n");
    Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    Process running = process;
    if (running != null) {
      running.destroy();
    }
    thread.join(5_000);
  }
}
