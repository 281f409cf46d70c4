package dev.mtasts.app.listen;

import java.util.concurrent.CountDownLatch;

/** How a long-running command ends: on SIGTERM or Ctrl-C its service closes, then it returns. */
public final class Termination {

  private Termination() {}

  /**
   * Blocks until the JVM is asked to stop; the shutdown hook (thread {@code name}) closes {@code
   * service}, runs {@code afterClose} (e.g. a log line) and lets this return.
   */
  public static void awaitThenClose(AutoCloseable service, String name, Runnable afterClose)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    service.close();
                    afterClose.run();
                  } catch (Exception e) {
                    throw new IllegalStateException("closing " + name + " failed", e);
                  } finally {
                    stopped.countDown();
                  }
                },
                name));
    stopped.await();
  }
}
