package dev.mtasts.core.resolve;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory front for a {@link PolicyCache} in a database, so that a lookup answered from the
 * cache does not read the database each time. Reads are remembered for at most {@code ttl}; every
 * write through this object updates or forgets the remembered entry at once, so within one process
 * (all zones' resolvers and the proactive refresher share one instance) a read here returns exactly
 * what the backing store holds. Only writes by another process sharing the store (PostgreSQL,
 * Redis) can go unseen, for at most {@code ttl}. Nothing here decides whether a policy is usable:
 * {@link PolicyResolver} still checks expiry (RFC 8461 §5.1), {@code cache_grace} and backoff on
 * every lookup. Failed reads are not remembered. Thread-safe.
 */
public final class MemoizingPolicyCache implements PolicyCache {

  private final PolicyCache backing;
  private final Clock clock;
  private final Duration ttl;
  private final int capacity;
  private final Map<String, Memo> memos = new ConcurrentHashMap<>();

  /** Bumped by every write, so a read that raced with a write does not remember what it read. */
  private final AtomicLong writes = new AtomicLong();

  /** What the backing store held for one domain, trusted until {@code until}. */
  private record Memo(Optional<CachedPolicy> entry, Instant until) {}

  /**
   * @param ttl how long a read is trusted without asking the backing store again (bounds how late a
   *     write by another process is seen)
   * @param capacity how many domains are remembered; when full, the memory is emptied
   */
  public MemoizingPolicyCache(PolicyCache backing, Clock clock, Duration ttl, int capacity) {
    this.backing = Objects.requireNonNull(backing, "backing");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || capacity < 1) {
      throw new IllegalArgumentException("negative ttl or capacity < 1");
    }
    this.capacity = capacity;
  }

  @Override
  public Optional<CachedPolicy> get(String domain) {
    Optional<Remembered> known = remembered(domain);
    if (known.isPresent()) {
      return known.get().entry();
    }
    Instant now = clock.instant();
    long seen = writes.get();
    Optional<CachedPolicy> entry = backing.get(domain);
    makeRoom();
    Memo fresh = new Memo(entry, now.plus(ttl));
    // A write since the read began may have stored something newer: then keep what it left.
    memos.compute(domain, (d, current) -> writes.get() == seen ? fresh : current);
    return entry;
  }

  /** The entry if a read within {@code ttl} or a write of this process left it in memory. */
  @Override
  public Optional<Remembered> remembered(String domain) {
    Memo memo = memos.get(domain);
    if (memo != null && memo.until().isAfter(clock.instant())) {
      return Optional.of(new Remembered(memo.entry()));
    }
    return Optional.empty();
  }

  @Override
  public boolean put(CachedPolicy policy) {
    boolean written;
    try {
      written = backing.put(policy);
    } catch (RuntimeException e) {
      forget(policy.domain());
      throw e;
    }
    writes.incrementAndGet();
    // Not written: the store holds a later check (another process); read it back next time.
    Memo memo = written ? new Memo(Optional.of(policy), clock.instant().plus(ttl)) : null;
    makeRoom();
    memos.compute(policy.domain(), (d, current) -> memo);
    return written;
  }

  @Override
  public boolean delete(String domain) {
    try {
      return backing.delete(domain);
    } finally {
      forget(domain);
    }
  }

  @Override
  public List<CachedPolicy> checkedBefore(Instant checkedBefore, int limit) {
    return backing.checkedBefore(checkedBefore, limit);
  }

  @Override
  public void close() {
    memos.clear();
    backing.close();
  }

  private void forget(String domain) {
    writes.incrementAndGet();
    memos.remove(domain);
  }

  private void makeRoom() {
    if (memos.size() >= capacity) {
      memos.clear();
    }
  }
}
