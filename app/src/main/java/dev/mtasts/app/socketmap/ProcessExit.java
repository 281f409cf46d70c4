package dev.mtasts.app.socketmap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process when it can no longer serve: an {@link Error} (out of memory, direct buffer
 * memory) or a failed event loop leaves a listener that accepts nothing inside a JVM that looks
 * alive. A non-zero exit lets the service manager restart the daemon ({@code Restart=on-failure}).
 * The process halts without shutdown hooks: they wait for the loop that just died, and the caches
 * survive a crash (SQLite's write-ahead log, PostgreSQL, Redis).
 */
public final class ProcessExit {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessExit.class);

  /** sysexits.h EX_SOFTWARE: an internal software error. */
  public static final int STATUS = 70;

  private ProcessExit() {}

  /** Logs {@code failure} and halts the JVM with {@link #STATUS}. */
  public static void fatal(String what, Throwable failure) {
    try {
      LOG.error(
          "{}; exiting with status {} so that the service manager restarts the daemon",
          what,
          STATUS,
          failure);
    } finally {
      Runtime.getRuntime().halt(STATUS);
    }
  }

  /**
   * Makes an {@link Error} on any thread without a handler of its own fatal; other exceptions
   * escaping a thread are only logged.
   */
  public static void onUncaughtErrors() {
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> {
          if (failure instanceof Error) {
            fatal("thread " + thread.getName() + " failed", failure);
          } else {
            LOG.error("thread {} failed", thread.getName(), failure);
          }
        });
  }
}
