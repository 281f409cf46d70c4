package dev.mtasts.app.sending.collect.maillog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a log file through rotations and restarts, each line handed on once. */
class MailLogFileTest {

  private static final Duration POLL = Duration.ofMillis(20);

  @TempDir Path dir;

  private final List<String> lines = new CopyOnWriteArrayList<>();

  private Path log() {
    return dir.resolve("mail.log");
  }

  private Path state() {
    return dir.resolve("state/mail-log.position");
  }

  private MailLogFile follow() throws IOException {
    return MailLogFile.start(log(), state(), lines::add, POLL);
  }

  private void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private void awaitLines(String... expected) {
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(lines).containsExactly(expected));
  }

  @Test
  void theFirstStartBeginsAtTheEndAndHandsOnlyCompleteLines() throws IOException {
    append(log(), "old 1\nold 2\n");
    try (MailLogFile follower = follow()) {
      append(log(), "new 1\nnew ");
      awaitLines("new 1");
      append(log(), "2\n");
      awaitLines("new 1", "new 2");
    }
  }

  @Test
  void renameAndCreateRotationReadsTheOldFileToItsEndThenTheNewOne() throws IOException {
    append(log(), "");
    try (MailLogFile follower = follow()) {
      append(log(), "a\n");
      awaitLines("a");
      Files.move(log(), dir.resolve("mail.log.1"));
      append(dir.resolve("mail.log.1"), "b\n");
      append(log(), "c\n");
      awaitLines("a", "b", "c");
    }
  }

  @Test
  void copytruncateRotationReadsFromTheStartAgain() throws IOException {
    append(log(), "");
    try (MailLogFile follower = follow()) {
      append(log(), "a long first line\n");
      awaitLines("a long first line");
      Files.writeString(log(), "");
      append(log(), "b\n");
      awaitLines("a long first line", "b");
    }
  }

  @Test
  void aRestartContinuesAfterTheLastLine() throws IOException {
    append(log(), "");
    try (MailLogFile follower = follow()) {
      append(log(), "a\n");
      awaitLines("a");
    }
    append(log(), "b\n");
    try (MailLogFile follower = follow()) {
      append(log(), "c\n");
      awaitLines("a", "b", "c");
    }
  }

  @Test
  void aRestartAfterARotationFinishesTheRotatedFileFirst() throws IOException {
    append(log(), "");
    try (MailLogFile follower = follow()) {
      append(log(), "a\n");
      awaitLines("a");
    }
    append(log(), "b\n");
    Files.move(log(), dir.resolve("mail.log.1"));
    append(log(), "c\n");
    try (MailLogFile follower = follow()) {
      awaitLines("a", "b", "c");
    }
  }

  @Test
  void aMissingFileIsWaitedFor() throws IOException {
    try (MailLogFile follower = follow()) {
      append(log(), "a\n");
      awaitLines("a");
    }
  }
}
