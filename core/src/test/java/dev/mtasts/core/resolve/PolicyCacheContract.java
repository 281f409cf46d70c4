package dev.mtasts.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PolicyCache} must show. One subclass per store; each gives a fresh,
 * empty cache per test.
 */
public abstract class PolicyCacheContract {

  /** Policy text of RFC 8461 §3.2's example. */
  public static final String RFC_POLICY =
      "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
          + "mx: backupmx.example.com\r\nmax_age: 604800\r\n";

  protected static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  protected PolicyCache cache;

  /** A new, empty cache for one test. */
  protected abstract PolicyCache newEmptyCache() throws Exception;

  @BeforeEach
  void open() throws Exception {
    cache = newEmptyCache();
  }

  @AfterEach
  void closeCache() {
    if (cache != null) {
      cache.close();
    }
  }

  protected static CachedPolicy policy(String domain, String id, Instant checked) {
    return new CachedPolicy(
        domain,
        id,
        RFC_POLICY,
        T0,
        T0.plus(Duration.ofSeconds(604800)),
        RefreshState.checkedAt(checked));
  }

  @Test
  void missingDomainIsEmpty() {
    assertThat(cache.get("example.com")).isEmpty();
  }

  @Test
  void putThenGetReturnsEveryFieldExactly() {
    CachedPolicy p =
        new CachedPolicy(
            "example.com",
            "20160831085700Z",
            RFC_POLICY,
            T0,
            T0.plusSeconds(604800),
            RefreshState.checkedAt(T0.plusSeconds(30))
                .failedAt(T0.plusSeconds(90), Duration.ofMinutes(5)));
    assertThat(cache.put(p)).isTrue();
    assertThat(cache.get("example.com")).contains(p);
  }

  @Test
  void policyTextIsKeptByteForByteIncludingUnicodeAndLineEndings() {
    String text = "version: STSv1\nmode: testing\r\nmx: mx.bücher.example\n\nmax_age: 86400  \n";
    CachedPolicy p =
        new CachedPolicy(
            "bücher.example", "x1", text, T0, T0.plusSeconds(86400), RefreshState.checkedAt(T0));
    cache.put(p);
    assertThat(cache.get("bücher.example").orElseThrow().policyText()).isEqualTo(text);
  }

  @Test
  void instantsKeepMillisecondPrecision() {
    Instant fetched = Instant.parse("2024-03-01T10:00:00.123Z");
    CachedPolicy p =
        new CachedPolicy(
            "example.com",
            "id",
            RFC_POLICY,
            fetched,
            fetched.plusSeconds(1),
            RefreshState.checkedAt(fetched));
    cache.put(p);
    assertThat(cache.get("example.com").orElseThrow().fetchedAt()).isEqualTo(fetched);
  }

  @Test
  void newerCheckReplacesEntry() {
    cache.put(policy("example.com", "a", T0));
    CachedPolicy newer = policy("example.com", "b", T0.plusSeconds(1));
    assertThat(cache.put(newer)).isTrue();
    assertThat(cache.get("example.com")).contains(newer);
  }

  @Test
  void sameCheckTimeReplacesEntry() {
    cache.put(policy("example.com", "a", T0));
    CachedPolicy same = policy("example.com", "b", T0);
    assertThat(cache.put(same)).isTrue();
    assertThat(cache.get("example.com").orElseThrow().policyId()).isEqualTo("b");
  }

  @Test
  void olderCheckDoesNotOverwriteNewerEntry() {
    CachedPolicy newer = policy("example.com", "new", T0.plusSeconds(60));
    cache.put(newer);
    assertThat(cache.put(policy("example.com", "old", T0))).isFalse();
    assertThat(cache.get("example.com")).contains(newer);
  }

  @Test
  void domainsAreIndependent() {
    cache.put(policy("a.example", "1", T0));
    cache.put(policy("b.example", "2", T0));
    assertThat(cache.get("a.example").orElseThrow().policyId()).isEqualTo("1");
    assertThat(cache.get("b.example").orElseThrow().policyId()).isEqualTo("2");
    assertThat(cache.get("c.example")).isEmpty();
  }

  @Test
  void lookupIsExactNotPrefixOrCaseFolded() {
    cache.put(policy("example.com", "1", T0));
    assertThat(cache.get("example.co")).isEmpty();
    assertThat(cache.get("mail.example.com")).isEmpty();
    assertThat(cache.get("EXAMPLE.COM")).isEmpty();
  }

  @Test
  void deleteRemovesOnlyThatDomain() {
    cache.put(policy("a.example", "1", T0));
    cache.put(policy("b.example", "2", T0));
    assertThat(cache.delete("a.example")).isTrue();
    assertThat(cache.get("a.example")).isEmpty();
    assertThat(cache.get("b.example")).isPresent();
  }

  @Test
  void deleteOfMissingDomainReportsFalse() {
    assertThat(cache.delete("nothing.example")).isFalse();
  }

  @Test
  void checkedBeforeReturnsOnlyOlderChecksOldestFirst() {
    cache.put(policy("c.example", "3", T0.plusSeconds(30)));
    cache.put(policy("a.example", "1", T0.plusSeconds(10)));
    cache.put(policy("b.example", "2", T0.plusSeconds(20)));
    cache.put(policy("fresh.example", "4", T0.plusSeconds(100)));
    assertThat(cache.checkedBefore(T0.plusSeconds(50), 10))
        .extracting(CachedPolicy::domain)
        .containsExactly("a.example", "b.example", "c.example");
  }

  @Test
  void checkedBeforeExcludesTheCutoffInstantItself() {
    cache.put(policy("a.example", "1", T0));
    assertThat(cache.checkedBefore(T0, 10)).isEmpty();
  }

  @Test
  void checkedBeforeHonoursLimitAndProgressesAfterRefresh() {
    for (int i = 0; i < 5; i++) {
      cache.put(policy("d" + i + ".example", "x", T0.plusSeconds(i)));
    }
    List<CachedPolicy> first = cache.checkedBefore(T0.plusSeconds(100), 2);
    assertThat(first).extracting(CachedPolicy::domain).containsExactly("d0.example", "d1.example");
    for (CachedPolicy p : first) {
      cache.put(p.withRefresh(RefreshState.checkedAt(T0.plusSeconds(200))));
    }
    assertThat(cache.checkedBefore(T0.plusSeconds(100), 2))
        .extracting(CachedPolicy::domain)
        .containsExactly("d2.example", "d3.example");
  }

  @Test
  void checkedBeforeOnEmptyCacheIsEmpty() {
    assertThat(cache.checkedBefore(T0.plusSeconds(1_000_000), 100)).isEmpty();
  }

  @Test
  void concurrentWritersLeaveTheNewestCheck() throws Exception {
    int writers = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int w = 0; w < writers; w++) {
        int seconds = w;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  return cache.put(policy("race.example", "id" + seconds, T0.plusSeconds(seconds)));
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThat(cache.get("race.example").orElseThrow().policyId()).isEqualTo("id" + (writers - 1));
  }

  @Test
  void usingAClosedCacheFails() {
    cache.close();
    PolicyCache closed = cache;
    cache = null;
    assertThatThrownBy(() -> closed.put(policy("x.example", "1", T0)))
        .isInstanceOfAny(PolicyCacheException.class, IllegalStateException.class);
  }
}
