package dev.mtasts.core.resolve;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a sender keeps the policies it fetched (RFC 8461 §5.1). Implementations are thread safe.
 * Operations that reach a backing store throw {@link PolicyCacheException} when it fails.
 */
public interface PolicyCache extends AutoCloseable {

  /** The cached policy for {@code domain} (lower case, no trailing dot), if any. */
  Optional<CachedPolicy> get(String domain);

  /**
   * What {@link #get} would return, when this cache can tell from memory without waiting on a
   * store; empty when it would have to ask one. Lets an event loop answer from memory and leave the
   * rest to a thread that may block.
   */
  default Optional<Remembered> remembered(String domain) {
    return Optional.empty();
  }

  /** An entry for a domain, or its absence, known from memory. */
  record Remembered(Optional<CachedPolicy> entry) {}

  /**
   * Stores {@code policy}, replacing the entry for its domain unless that entry was checked later
   * than {@code policy} (so a slow refresh never overwrites a newer result).
   *
   * @return whether the entry was written
   */
  boolean put(CachedPolicy policy);

  /**
   * Removes the entry for {@code domain}.
   *
   * @return whether there was one
   */
  boolean delete(String domain);

  /**
   * Entries last checked before {@code checkedBefore}, oldest check first, at most {@code limit}:
   * the work list of proactive refresh (RFC 8461 §5.1: refresh before expiry). Refreshing an entry
   * updates its check time, so calling again moves on to the next ones.
   */
  List<CachedPolicy> checkedBefore(Instant checkedBefore, int limit);

  /** Releases connections and files; the cache must not be used afterwards. */
  @Override
  void close();
}
