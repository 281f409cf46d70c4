package dev.mtasts.app.sending.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps invalid datagrams for inspection in a folder, one file each ({@code
 * <epoch-millis>-<sequence>-<REASON>.datagram}, the bytes as received), at most {@code maxFiles}:
 * the oldest go first. A failure to write is logged, never thrown: the collector goes on.
 */
final class InvalidDatagrams {

  private static final Logger LOG = LoggerFactory.getLogger(InvalidDatagrams.class);
  private static final String SUFFIX = ".datagram";

  private final Path folder;
  private final int maxFiles;
  private final Clock clock;
  private final Deque<Path> kept = new ArrayDeque<>();
  private final AtomicLong sequence = new AtomicLong();

  InvalidDatagrams(Path folder, int maxFiles, Clock clock) {
    if (maxFiles < 1) {
      throw new IllegalArgumentException("maxFiles must be positive");
    }
    this.folder = folder;
    this.maxFiles = maxFiles;
    this.clock = clock;
    try {
      Files.createDirectories(folder);
      try (Stream<Path> files = Files.list(folder)) {
        List<Path> existing =
            files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        kept.addAll(existing);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use " + folder + " for invalid datagrams", e);
    }
  }

  Path folder() {
    return folder;
  }

  /**
   * Keeps {@code bytes[0..length)}, refused for {@code reason}; drops the oldest beyond the cap.
   */
  synchronized void keep(byte[] bytes, int length, String reason) {
    Path file =
        folder.resolve(
            String.format(
                "%013d-%06d-%s%s",
                clock.millis(), sequence.incrementAndGet() % 1_000_000, reason, SUFFIX));
    try {
      Files.write(file, java.util.Arrays.copyOf(bytes, length));
      kept.addLast(file);
      while (kept.size() > maxFiles) {
        Files.deleteIfExists(kept.removeFirst());
      }
    } catch (IOException e) {
      LOG.warn("cannot keep an invalid datagram in {}: {}", folder, e.toString());
    }
  }
}
