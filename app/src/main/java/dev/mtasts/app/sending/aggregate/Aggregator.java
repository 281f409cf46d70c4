package dev.mtasts.app.sending.aggregate;

import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.app.sending.HandshakeSink;
import dev.mtasts.app.sending.SendingDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation (RFC 8460 §4.4): counts each result per UTC day, recipient policy domain and
 * canonical policy ({@link CanonicalPolicy}), failures also per identical failure detail, and keeps
 * the counts in the sending database.
 *
 * <p>{@link #record} only adds to a count in memory (a concurrent map's atomic merge, no lock held
 * across calls, no I/O), so a datagram reader is never held up by the database; a writer thread
 * moves the counts to the database in one transaction every {@code flushInterval}, adding them to
 * what is stored. A crash loses at most the counts of the last interval. When the database fails,
 * the counts go back into memory and the next flush tries again (memory grows with distinct keys,
 * not with results).
 */
public final class Aggregator implements HandshakeSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);
  private static final int MAX_CACHED_POLICIES = 10_000;
  private static final int CLOSING_TRIES = 4;

  /** One count: successes when {@code detail} is empty, else failures with that detail. */
  private record CountKey(String day, String policyDomain, String policy, String detail) {}

  private static final Comparator<CountKey> KEY_ORDER =
      Comparator.comparing(CountKey::day)
          .thenComparing(CountKey::policyDomain)
          .thenComparing(CountKey::policy)
          .thenComparing(CountKey::detail);

  private final SendingDatabase database;
  private final Map<CountKey, Long> counts = new ConcurrentHashMap<>();
  // Sources repeat the same few policies: their canonical text is computed once.
  private final Map<dev.mtasts.core.tlsrpt.PolicyDetails, String> canonical =
      new ConcurrentHashMap<>();
  private final ScheduledExecutorService writer;
  private final AtomicLong recorded = new AtomicLong();
  private final Object flushing = new Object();

  /** Starts the writer thread, flushing every {@code flushInterval}. */
  public Aggregator(SendingDatabase database, Duration flushInterval) {
    this.database = database;
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("tlsrpt-aggregate").daemon(true).unstarted(r));
    long millis = flushInterval.toMillis();
    writer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void record(HandshakeResult result) {
    String day = LocalDate.ofInstant(result.at(), ZoneOffset.UTC).toString();
    if (canonical.size() > MAX_CACHED_POLICIES) {
      canonical.clear();
    }
    String policy = canonical.computeIfAbsent(result.policy(), CanonicalPolicy::of);
    String detail = result.failure().map(CanonicalPolicy::of).orElse("");
    long sessions = result.failure().map(f -> Math.max(1, f.failedSessionCount())).orElse(1L);
    counts.merge(new CountKey(day, result.policyDomain(), policy, detail), sessions, Long::sum);
    recorded.incrementAndGet();
  }

  /** Results recorded since start (for metrics and the benchmark). */
  public long recorded() {
    return recorded.get();
  }

  /**
   * Writes every count in memory to the database now.
   *
   * @throws SQLException when the database fails; the counts stay in memory for the next flush
   */
  public void flush() throws SQLException {
    synchronized (flushing) {
      List<Map.Entry<CountKey, Long>> batch = new ArrayList<>();
      for (CountKey key : counts.keySet()) {
        Long n = counts.remove(key);
        if (n != null) {
          batch.add(Map.entry(key, n));
        }
      }
      if (batch.isEmpty()) {
        return;
      }
      try {
        write(batch);
      } catch (SQLException | RuntimeException e) {
        batch.forEach(en -> counts.merge(en.getKey(), en.getValue(), Long::sum));
        throw e;
      }
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("cannot write TLS-RPT counts, kept for the next try: {}", e.getMessage());
    }
  }

  /**
   * Adds {@code batch} to the stored counts in one transaction: one upsert per row, each adding to
   * what is stored ({@code n = n + excluded.n}), which PostgreSQL applies to the row's latest
   * committed value under the row's lock, so concurrent flushes of several processes add up
   * exactly. The rows are written in one order (day, domain, policy, detail), so two flushes that
   * share rows wait for each other instead of deadlocking.
   */
  private void write(List<Map.Entry<CountKey, Long>> batch) throws SQLException {
    batch.sort(Map.Entry.comparingByKey(KEY_ORDER));
    Map<CountKey, long[]> policyRows = new LinkedHashMap<>();
    for (Map.Entry<CountKey, Long> en : batch) {
      CountKey k = en.getKey();
      long[] row =
          policyRows.computeIfAbsent(
              new CountKey(k.day(), k.policyDomain(), k.policy(), ""), x -> new long[2]);
      row[k.detail().isEmpty() ? 0 : 1] += en.getValue();
    }
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement policies =
              c.prepareStatement(
                  "INSERT INTO policy_counts (day, policy_domain, policy, successful, failed)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, policy_domain, policy) DO UPDATE"
                      + " SET successful = policy_counts.successful + excluded.successful,"
                      + " failed = policy_counts.failed + excluded.failed");
          PreparedStatement failures =
              c.prepareStatement(
                  "INSERT INTO failure_counts (day, policy_domain, policy, detail, sessions)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, policy_domain, policy, detail)"
                      + " DO UPDATE SET sessions = failure_counts.sessions + excluded.sessions")) {
        for (Map.Entry<CountKey, long[]> en : policyRows.entrySet()) {
          CountKey k = en.getKey();
          policies.setString(1, k.day());
          policies.setString(2, k.policyDomain());
          policies.setString(3, k.policy());
          policies.setLong(4, en.getValue()[0]);
          policies.setLong(5, en.getValue()[1]);
          policies.addBatch();
        }
        for (Map.Entry<CountKey, Long> en : batch) {
          CountKey k = en.getKey();
          if (!k.detail().isEmpty()) {
            failures.setString(1, k.day());
            failures.setString(2, k.policyDomain());
            failures.setString(3, k.policy());
            failures.setString(4, k.detail());
            failures.setLong(5, en.getValue());
            failures.addBatch();
          }
        }
        policies.executeBatch();
        failures.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException lost) { // the connection itself is gone
          e.addSuppressed(lost);
        }
        throw e;
      }
    }
  }

  /**
   * Stops the writer after writing what is left, trying again a few times a second apart: a
   * connection the database dropped (a restart) fails one try, and the pool replaces it.
   */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int tries = 1; ; tries++) {
      try {
        flush();
        return;
      } catch (SQLException | RuntimeException e) {
        if (tries == CLOSING_TRIES || Thread.currentThread().isInterrupted()) {
          LOG.error(
              "TLS-RPT counts of {} keys not written at shutdown: {}",
              counts.size(),
              e.getMessage());
          return;
        }
        LOG.warn("cannot write the last TLS-RPT counts, trying again: {}", e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
