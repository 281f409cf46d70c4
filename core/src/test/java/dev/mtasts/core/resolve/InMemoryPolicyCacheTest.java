package dev.mtasts.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemoryPolicyCacheTest extends PolicyCacheContract {

  @Override
  protected PolicyCache newEmptyCache() {
    return new InMemoryPolicyCache(100);
  }

  @Test
  void remembersEverythingItHoldsAndItsAbsences() {
    InMemoryPolicyCache cache = new InMemoryPolicyCache(10);
    cache.put(policy("a.example", "1", T0));
    assertThat(cache.remembered("a.example").orElseThrow().entry())
        .isEqualTo(cache.get("a.example"));
    assertThat(cache.remembered("b.example").orElseThrow().entry()).isEmpty();
  }

  @Test
  void evictsLeastRecentlyUsedWhenFull() {
    InMemoryPolicyCache small = new InMemoryPolicyCache(2);
    small.put(policy("a.example", "1", T0));
    small.put(policy("b.example", "2", T0));
    small.get("a.example"); // a is now more recent than b
    small.put(policy("c.example", "3", T0));
    assertThat(small.get("b.example")).isEmpty();
    assertThat(small.get("a.example")).isPresent();
    assertThat(small.get("c.example")).isPresent();
    assertThat(small.size()).isEqualTo(2);
  }

  @Test
  void replacingAnEntryDoesNotEvict() {
    InMemoryPolicyCache small = new InMemoryPolicyCache(2);
    small.put(policy("a.example", "1", T0));
    small.put(policy("b.example", "2", T0));
    small.put(policy("a.example", "3", T0.plusSeconds(1)));
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.get("b.example")).isPresent();
  }

  @Test
  void capacityBelowOneIsRejected() {
    assertThatThrownBy(() -> new InMemoryPolicyCache(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
