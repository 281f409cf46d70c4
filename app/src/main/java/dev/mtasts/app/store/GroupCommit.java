package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writer threads take every submission waiting, write them in one transaction and
 * commit once; each caller returns only after the commit that holds its report. One sync of the
 * database then acknowledges many reports, so durability is not traded for speed.
 *
 * <p>When a batch fails, each of its submissions is retried in a transaction of its own, so one bad
 * report cannot take others down with it. Deadlocks and serialization failures (possible on
 * PostgreSQL when processes share roll-up rows) are retried a few times.
 */
final class GroupCommit implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  /** Submissions written in one transaction at most. */
  static final int MAX_BATCH = 256;

  /** Submissions waiting at most; beyond that the store answers "busy" (a temporary failure). */
  static final int MAX_WAITING = 20_000;

  private static final int TRANSIENT_RETRIES = 5;

  private record Pending(Submission submission, CompletableFuture<StoreResult> done) {}

  private final DataSource dataSource;
  private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running = true;

  GroupCommit(DataSource dataSource, int threads) {
    this.dataSource = dataSource;
    for (int i = 0; i < threads; i++) {
      Thread t = Thread.ofPlatform().name("store-writer-" + i).daemon(true).start(this::loop);
      writers.add(t);
    }
  }

  /**
   * Stores {@code s} and returns once committed.
   *
   * @throws StoreUnavailableException when it was not committed within {@code timeout} or the
   *     database failed (the report may still be committed later; a retry is then a duplicate)
   * @throws StoreRejectedException when the database refuses the report's values for good
   */
  StoreResult store(Submission s, Duration timeout) {
    if (!running) {
      throw new StoreUnavailableException("the store is closing", null);
    }
    Pending p = new Pending(s, new CompletableFuture<>());
    if (!waiting.offer(p)) {
      throw new StoreUnavailableException(
          "the store is busy (" + MAX_WAITING + " reports waiting)", null);
    }
    try {
      return p.done().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreUnavailableException("store failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("not committed within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while storing", e);
    }
  }

  private void loop() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (running || !waiting.isEmpty()) {
      try {
        Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        waiting.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("store writer failed", e);
        batch.forEach(p -> p.done().completeExceptionally(unavailable(e)));
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Pending> batch) {
    SQLException failure;
    try {
      List<StoreResult> results = writeAndCommit(batch);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done().complete(results.get(i));
      }
      return;
    } catch (SQLException e) {
      failure = e;
    }
    if (batch.size() > 1) {
      for (Pending p : batch) {
        commitAlone(p);
      }
    } else {
      commitAlone(batch.getFirst(), failure);
    }
  }

  private void commitAlone(Pending p) {
    try {
      p.done().complete(writeAndCommit(List.of(p)).getFirst());
    } catch (SQLException e) {
      commitAlone(p, e);
    }
  }

  /** Retries one submission while its failure is transient; fails it otherwise. */
  private void commitAlone(Pending p, SQLException first) {
    SQLException failure = first;
    for (int attempt = 0; attempt < TRANSIENT_RETRIES && isTransient(failure); attempt++) {
      try {
        Thread.sleep(10L << attempt);
        p.done().complete(writeAndCommit(List.of(p)).getFirst());
        return;
      } catch (SQLException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    String state = failure.getSQLState();
    if (state != null && state.startsWith("22")) {
      p.done()
          .completeExceptionally(
              new StoreRejectedException(
                  "the database refused a value: " + failure.getMessage(), failure));
    } else {
      LOG.warn("cannot store a report: {}", failure.getMessage());
      p.done().completeExceptionally(unavailable(failure));
    }
  }

  private List<StoreResult> writeAndCommit(List<Pending> batch) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<StoreResult> results = new ArrayList<>(batch.size());
        for (Pending p : batch) {
          results.add(ReportRows.write(c, p.submission()));
        }
        c.commit();
        return results;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  /** PostgreSQL deadlock (40P01) or serialization failure (40001). */
  private static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return "40P01".equals(state) || "40001".equals(state);
  }

  private static StoreUnavailableException unavailable(Exception e) {
    return new StoreUnavailableException("the store failed: " + e.getMessage(), e);
  }

  /** Commits what is waiting, then stops the writers. */
  @Override
  public void close() {
    running = false;
    for (Thread t : writers) {
      try {
        t.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Pending left;
    while ((left = waiting.poll()) != null) {
      left.done().completeExceptionally(new StoreUnavailableException("the store closed", null));
    }
  }
}
