package dev.mtasts.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MemoizingPolicyCacheTest extends PolicyCacheContract {

  private static final Duration TTL = Duration.ofSeconds(1);

  private final SettableClock clock = new SettableClock(T0);
  private final CountingCache store = new CountingCache(new InMemoryPolicyCache(100));
  private final MemoizingPolicyCache front = new MemoizingPolicyCache(store, clock, TTL, 100);

  @Override
  protected PolicyCache newEmptyCache() {
    return new MemoizingPolicyCache(new InMemoryPolicyCache(100), clock, TTL, 100);
  }

  // --- positive ---

  @Test
  void repeatedReadsWithinTheTtlReadTheStoreOnce() {
    store.put(policy("example.com", "1", T0));
    for (int i = 0; i < 5; i++) {
      assertThat(front.get("example.com").orElseThrow().policyId()).isEqualTo("1");
    }
    assertThat(store.reads.get()).isEqualTo(1);
  }

  @Test
  void absenceIsRememberedToo() {
    assertThat(front.get("example.com")).isEmpty();
    assertThat(front.get("example.com")).isEmpty();
    assertThat(store.reads.get()).isEqualTo(1);
  }

  // --- what is remembered, for answering without the store ---

  @Test
  void remembersNothingBeforeTheFirstRead() {
    store.put(policy("example.com", "1", T0));
    assertThat(front.remembered("example.com")).isEmpty();
    assertThat(store.reads.get()).isZero();
  }

  @Test
  void remembersWhatAReadFoundUntilTheTtlEnds() {
    store.put(policy("example.com", "1", T0));
    front.get("example.com");
    assertThat(front.remembered("example.com").orElseThrow().entry().orElseThrow().policyId())
        .isEqualTo("1");
    clock.advance(TTL);
    assertThat(front.remembered("example.com")).isEmpty();
    assertThat(store.reads.get()).isEqualTo(1);
  }

  @Test
  void remembersAnAbsenceAsAnEmptyEntry() {
    front.get("example.com");
    assertThat(front.remembered("example.com").orElseThrow().entry()).isEmpty();
  }

  @Test
  void remembersAWriteAndForgetsADelete() {
    front.put(policy("example.com", "2", T0));
    assertThat(front.remembered("example.com").orElseThrow().entry().orElseThrow().policyId())
        .isEqualTo("2");
    front.delete("example.com");
    assertThat(front.remembered("example.com")).isEmpty();
  }

  @Test
  void doesNotRememberAFailedRead() {
    store.failReads = true;
    assertThatThrownBy(() -> front.get("example.com")).isInstanceOf(PolicyCacheException.class);
    assertThat(front.remembered("example.com")).isEmpty();
  }

  // --- negative: the memory must never hide what this process wrote ---

  @Test
  void writeThroughIsSeenAtOnce() {
    front.get("example.com");
    front.put(policy("example.com", "2", T0));
    assertThat(front.get("example.com").orElseThrow().policyId()).isEqualTo("2");
    assertThat(store.get("example.com").orElseThrow().policyId()).isEqualTo("2");
  }

  @Test
  void newerRefreshStateReplacesTheRememberedOne() {
    front.put(policy("example.com", "1", T0));
    front.get("example.com");
    CachedPolicy failed =
        policy("example.com", "1", T0)
            .withRefresh(RefreshState.checkedAt(T0).failedAt(T0.plusSeconds(5), TTL));
    front.put(failed);
    assertThat(front.get("example.com").orElseThrow().refresh().consecutiveFailures()).isOne();
  }

  @Test
  void writeTheStoreRefusesIsReadBackNotRemembered() {
    front.put(policy("example.com", "new", T0.plusSeconds(10)));
    assertThat(front.put(policy("example.com", "old", T0))).isFalse();
    int before = store.reads.get();
    assertThat(front.get("example.com").orElseThrow().policyId()).isEqualTo("new");
    assertThat(store.reads.get()).isEqualTo(before + 1);
  }

  @Test
  void deleteIsSeenAtOnce() {
    front.put(policy("example.com", "1", T0));
    front.get("example.com");
    assertThat(front.delete("example.com")).isTrue();
    assertThat(front.get("example.com")).isEmpty();
  }

  @Test
  void failedWriteForgetsTheDomainAndPropagates() {
    front.put(policy("example.com", "1", T0));
    store.failWrites = true;
    assertThatThrownBy(() -> front.put(policy("example.com", "2", T0.plusSeconds(1))))
        .isInstanceOf(PolicyCacheException.class);
    store.failWrites = false;
    int before = store.reads.get();
    assertThat(front.get("example.com").orElseThrow().policyId()).isEqualTo("1");
    assertThat(store.reads.get()).as("read back from the store").isEqualTo(before + 1);
  }

  @Test
  void failedReadIsNotRemembered() {
    store.put(policy("example.com", "1", T0));
    store.failReads = true;
    assertThatThrownBy(() -> front.get("example.com")).isInstanceOf(PolicyCacheException.class);
    assertThatThrownBy(() -> front.get("example.com")).isInstanceOf(PolicyCacheException.class);
    store.failReads = false;
    assertThat(front.get("example.com")).isPresent();
  }

  @Test
  void anotherProcessWriteIsSeenOnceTheTtlEnds() {
    front.get("example.com");
    store.put(policy("example.com", "1", T0)); // behind the front's back
    clock.advance(TTL.minusMillis(1));
    assertThat(front.get("example.com")).as("within the TTL: the bound").isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(front.get("example.com")).isPresent();
  }

  @Test
  void readRacingAWriteDoesNotRememberWhatItRead() {
    store.put(policy("example.com", "old", T0));
    // The store answers "old", then a write of "new" lands before the read is remembered.
    store.duringRead = d -> front.put(policy(d, "new", T0.plusSeconds(1)));
    assertThat(front.get("example.com").orElseThrow().policyId()).isEqualTo("old");
    store.duringRead = d -> {};
    assertThat(front.get("example.com").orElseThrow().policyId()).isEqualTo("new");
  }

  @Test
  void fullMemoryIsEmptiedNotGrown() {
    MemoizingPolicyCache small = new MemoizingPolicyCache(store, clock, TTL, 2);
    small.get("a.example");
    small.get("b.example");
    small.get("c.example");
    int before = store.reads.get();
    small.get("a.example");
    assertThat(store.reads.get()).isEqualTo(before + 1);
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> new MemoizingPolicyCache(store, clock, Duration.ofSeconds(-1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MemoizingPolicyCache(store, clock, TTL, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A store that counts reads and can fail or run code in the middle of a read. */
  private static final class CountingCache implements PolicyCache {
    final AtomicInteger reads = new AtomicInteger();
    private final PolicyCache inner;
    volatile boolean failReads;
    volatile boolean failWrites;
    volatile Consumer<String> duringRead = d -> {};

    CountingCache(PolicyCache inner) {
      this.inner = inner;
    }

    private static PolicyCacheException down() {
      return new PolicyCacheException(PolicyCacheException.Code.CACHE_UNAVAILABLE, "down", null);
    }

    @Override
    public Optional<CachedPolicy> get(String domain) {
      reads.incrementAndGet();
      if (failReads) {
        throw down();
      }
      Optional<CachedPolicy> result = inner.get(domain);
      duringRead.accept(domain);
      return result;
    }

    @Override
    public boolean put(CachedPolicy policy) {
      if (failWrites) {
        throw down();
      }
      return inner.put(policy);
    }

    @Override
    public boolean delete(String domain) {
      return inner.delete(domain);
    }

    @Override
    public List<CachedPolicy> checkedBefore(Instant checkedBefore, int limit) {
      return inner.checkedBefore(checkedBefore, limit);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
