package dev.mtasts.app.hosting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reload when one of the watched files changes (their content is compared every {@link
 * #POLL}, so a symlink switched by certbot, a file rewritten in place and an editor's rename all
 * count) or when {@link #hangup} is called (SIGHUP). Reloads run one at a time on one thread.
 */
public final class ReloadTrigger implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyHosting.LOG_NAME);

  /** How often the watched files are compared. */
  public static final Duration POLL = Duration.ofSeconds(2);

  private final Supplier<List<Path>> files;
  private final Runnable reload;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("policy-host-reload").daemon(true).unstarted(r));
  private Map<Path, String> seen;

  private ReloadTrigger(Supplier<List<Path>> files, Runnable reload) {
    this.files = files;
    this.reload = reload;
    this.seen = fingerprints(files.get());
  }

  /**
   * Watches {@code files} (asked again after every reload, since the set can change) and runs
   * {@code reload} when one changes.
   */
  public static ReloadTrigger start(Supplier<List<Path>> files, Runnable reload) {
    ReloadTrigger trigger = new ReloadTrigger(files, reload);
    trigger.thread.scheduleWithFixedDelay(
        trigger::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    return trigger;
  }

  /** Reloads now (SIGHUP). */
  public void hangup() {
    thread.execute(
        () -> {
          LOG.info("policy_host: SIGHUP, reloading");
          run();
        });
  }

  /** Calls {@link #hangup} on every SIGHUP to this process from now on. */
  public void onHangupSignal() {
    sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> hangup());
  }

  private void poll() {
    Map<Path, String> now = fingerprints(files.get());
    if (now.equals(seen)) {
      return;
    }
    List<Path> changed =
        now.keySet().stream().filter(p -> !now.get(p).equals(seen.get(p))).toList();
    LOG.info("policy_host: {} changed, reloading", changed.isEmpty() ? now.keySet() : changed);
    run();
  }

  private void run() {
    try {
      reload.run();
    } catch (RuntimeException e) {
      LOG.error("policy_host: reload failed: {}", e.toString());
    }
    seen = fingerprints(files.get());
  }

  /** Each file's SHA-256, {@code missing} or {@code unreadable: ...}. */
  private static Map<Path, String> fingerprints(List<Path> files) {
    Map<Path, String> prints = new LinkedHashMap<>();
    for (Path f : files) {
      String print;
      try {
        print =
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
      } catch (NoSuchFileException e) {
        print = "missing";
      } catch (IOException e) {
        print = "unreadable: " + e.getMessage();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
      prints.put(f, print);
    }
    return prints;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
