package dev.mtasts.core.resolve;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A bounded least-recently-used policy cache in memory: the incumbent resolver's {@code internal}
 * cache. When full, storing a new domain evicts the domain used least recently. Lost on restart.
 */
public final class InMemoryPolicyCache implements PolicyCache {

  private final int capacity;
  private final LinkedHashMap<String, CachedPolicy> entries;
  private boolean closed;

  /**
   * @param capacity the most entries kept ({@code cache_size}), at least 1
   */
  public InMemoryPolicyCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, /* accessOrder= */ true);
  }

  @Override
  public synchronized Optional<CachedPolicy> get(String domain) {
    ensureOpen();
    return Optional.ofNullable(entries.get(domain));
  }

  /** Everything this cache holds is in memory. */
  @Override
  public Optional<Remembered> remembered(String domain) {
    return Optional.of(new Remembered(get(domain)));
  }

  @Override
  public synchronized boolean put(CachedPolicy policy) {
    ensureOpen();
    CachedPolicy existing = entries.get(policy.domain());
    if (existing != null
        && existing.refresh().lastChecked().isAfter(policy.refresh().lastChecked())) {
      return false;
    }
    entries.put(policy.domain(), policy);
    if (entries.size() > capacity) {
      String eldest = entries.keySet().iterator().next();
      entries.remove(eldest);
    }
    return true;
  }

  @Override
  public synchronized boolean delete(String domain) {
    ensureOpen();
    return entries.remove(domain) != null;
  }

  @Override
  public synchronized List<CachedPolicy> checkedBefore(Instant checkedBefore, int limit) {
    ensureOpen();
    // Iterating values() does not count as access, so the LRU order is left as it is.
    return entries.values().stream()
        .filter(p -> p.refresh().lastChecked().isBefore(checkedBefore))
        .sorted(Comparator.comparing((CachedPolicy p) -> p.refresh().lastChecked()))
        .limit(limit)
        .toList();
  }

  /** How many entries are held now. */
  public synchronized int size() {
    ensureOpen();
    return entries.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    entries.clear();
  }

  @Override
  public String toString() {
    return "InMemoryPolicyCache[capacity=" + capacity + "]";
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("cache is closed");
    }
  }
}
