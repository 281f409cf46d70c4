package dev.mtasts.app.sending.collect.maillog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a mail log file as {@code tail -F} does, and remembers how far it read across restarts.
 * Rotation by rename and create (logrotate's default, rsyslog) is seen as a new file at the path:
 * the old one is read to its end first; rotation by {@code copytruncate} as the file shrinking: it
 * is read again from the start. The first start, with nothing remembered, begins at the end (what
 * was logged before is not counted); a restart continues after the last line handed on, also in the
 * rotated file ({@code NAME.1}) when the log was rotated meanwhile. Each complete line is handed on
 * once; the position is saved after every batch, so a crash repeats at most one batch.
 */
public final class MailLogFile implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MailLogFile.class);
  private static final int CHUNK = 64 * 1024;

  private final Path path;
  private final Path state;
  private final Consumer<String> lines;
  private final Duration poll;
  private final Thread thread;
  private volatile boolean closing;

  private FileChannel channel;
  private Object fileKey;
  private long position;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  private byte[] partial = new byte[0];

  private MailLogFile(Path path, Path state, Consumer<String> lines, Duration poll) {
    this.path = path;
    this.state = state;
    this.lines = lines;
    this.poll = poll;
    this.thread = Thread.ofPlatform().name("tlsrpt-maillog").daemon().unstarted(this::run);
  }

  /**
   * Starts following {@code path}, handing each new line to {@code lines} on a thread of its own.
   *
   * @param state the file where the position is kept
   */
  public static MailLogFile start(Path path, Path state, Consumer<String> lines, Duration poll)
      throws IOException {
    MailLogFile follower = new MailLogFile(path, state, lines, poll);
    follower.open();
    follower.thread.start();
    return follower;
  }

  private void open() throws IOException {
    Optional<Properties> saved = loadState();
    if (saved.isPresent()) {
      String key = saved.get().getProperty("file-key", "");
      long savedPosition = Long.parseLong(saved.get().getProperty("position", "0"));
      Path rotated = path.resolveSibling(path.getFileName() + ".1");
      if (keyOf(path).map(Object::toString).filter(key::equals).isPresent()) {
        openAt(path, savedPosition);
        return;
      }
      if (keyOf(rotated).map(Object::toString).filter(key::equals).isPresent()) {
        // Rotated while we were stopped: finish the old file, then the new one from its start.
        openAt(rotated, savedPosition);
        drainAndSwitch();
        return;
      }
      LOG.warn("{} is not the file read before ({}); reading it from the start", path, key);
      openAt(path, 0);
      return;
    }
    openAt(path, -1);
  }

  private void openAt(Path file, long at) throws IOException {
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      channel = null;
      fileKey = null;
      position = 0;
      return;
    }
    fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    long size = channel.size();
    position = at < 0 || at > size ? size : at;
    partial = new byte[0];
  }

  private static Optional<Object> keyOf(Path file) {
    try {
      return Optional.ofNullable(Files.readAttributes(file, BasicFileAttributes.class).fileKey());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void run() {
    while (!closing) {
      try {
        step();
        Thread.sleep(poll);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.warn("reading the mail log {} failed, retrying: {}", path, e.toString());
        try {
          Thread.sleep(poll.multipliedBy(4));
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  /** Reads what is new, following a rotation; saves the position. */
  void step() throws IOException {
    if (channel == null) {
      openAt(path, 0);
      if (channel == null) {
        return;
      }
    }
    Optional<Object> now = keyOf(path);
    boolean read = readToEnd();
    if (now.isPresent() && !Objects.equals(now.get(), fileKey)) {
      drainAndSwitch();
      read = true;
    } else if (channel.size() < position) {
      LOG.info("{} was truncated (copytruncate); reading it from the start", path);
      position = 0;
      partial = new byte[0];
      read |= readToEnd();
    }
    if (read) {
      saveState();
    }
  }

  private void drainAndSwitch() throws IOException {
    readToEnd();
    channel.close();
    openAt(path, 0);
    if (channel != null) {
      readToEnd();
    }
  }

  /** Hands on every complete line from the position on; whether anything was read. */
  private boolean readToEnd() throws IOException {
    boolean any = false;
    while (true) {
      buffer.clear();
      int n = channel.read(buffer, position + partial.length);
      if (n <= 0) {
        return any;
      }
      any = true;
      byte[] chunk = new byte[partial.length + n];
      System.arraycopy(partial, 0, chunk, 0, partial.length);
      System.arraycopy(buffer.array(), 0, chunk, partial.length, n);
      int start = 0;
      for (int i = 0; i < chunk.length; i++) {
        if (chunk[i] == '\n') {
          lines.accept(new String(chunk, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      position += start;
      partial = java.util.Arrays.copyOfRange(chunk, start, chunk.length);
    }
  }

  private Optional<Properties> loadState() throws IOException {
    if (!Files.exists(state)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newInputStream(state)) {
      p.load(in);
    }
    return Optional.of(p);
  }

  private void saveState() throws IOException {
    Properties p = new Properties();
    p.setProperty("file", path.toString());
    p.setProperty("file-key", String.valueOf(fileKey));
    p.setProperty("position", Long.toString(position));
    Path parent = state.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, state.getFileName().toString(), ".tmp");
    try (var out = Files.newOutputStream(tmp)) {
      p.store(out, "mtasts: how far the mail log was read");
    }
    Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Stops following after the current batch; the position is saved. */
  @Override
  public void close() throws IOException {
    closing = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (channel != null) {
      channel.close();
    }
  }
}
