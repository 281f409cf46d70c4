package dev.mtasts.app.sending.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.InMemoryPolicyCache;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.RefreshState;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The resolver's fetch failures as results, and its cache as the mail log reader's policy view. */
class ResolverObservationsTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String TEXT =
      "version: STSv1\r\nmode: testing\r\nmx: mx.example.com\r\nmx: *.example.net\r\n"
          + "max_age: 86400\r\n";

  private final MemorySink sink = new MemorySink();
  private final PolicyFetchFailures failures =
      new PolicyFetchFailures(sink, new CollectorMetrics(new SimpleMeterRegistry()), CLOCK);

  private static CachedPolicy cached(String text, Instant expires) {
    return new CachedPolicy(
        "example.com", "1", text, NOW.minusSeconds(60), expires, RefreshState.checkedAt(NOW));
  }

  @Test
  void aFetchErrorWithTheCachedPolicyAppliedIsCountedUnderThatPolicy() {
    failures.policyUnavailable(
        "example.com", ResultType.STS_POLICY_FETCH_ERROR, "TIMEOUT", Optional.of(TEXT));

    HandshakeResult result = sink.results().getFirst();
    assertThat(result.at()).isEqualTo(NOW);
    assertThat(result.policyDomain()).isEqualTo("example.com");
    assertThat(result.policy().policyType()).isEqualTo(PolicyType.STS);
    assertThat(result.policy().policyString())
        .containsExactly(
            "version: STSv1",
            "mode: testing",
            "mx: mx.example.com",
            "mx: *.example.net",
            "max_age: 86400");
    assertThat(result.policy().mxHost()).containsExactly("mx.example.com", "*.example.net");
    assertThat(result.failure().orElseThrow().resultType())
        .isEqualTo(ResultType.STS_POLICY_FETCH_ERROR);
    assertThat(result.failure().orElseThrow().failureReasonCode()).contains("TIMEOUT");
    assertThat(result.failure().orElseThrow().failedSessionCount()).isEqualTo(1);
  }

  @Test
  void withoutACachedPolicyThePolicyIsAnEmptyStsOne() {
    failures.policyUnavailable(
        "example.com", ResultType.STS_WEBPKI_INVALID, "CERTIFICATE_EXPIRED", Optional.empty());

    HandshakeResult result = sink.results().getFirst();
    assertThat(result.policy().policyType()).isEqualTo(PolicyType.STS);
    assertThat(result.policy().policyString()).isEmpty();
    assertThat(result.policy().mxHost()).isEmpty();
    assertThat(result.failure().orElseThrow().resultType())
        .isEqualTo(ResultType.STS_WEBPKI_INVALID);
  }

  @Test
  void aFailingSinkIsNotThrownIntoTheResolver() {
    PolicyFetchFailures broken =
        new PolicyFetchFailures(
            r -> {
              throw new IllegalStateException("store down");
            },
            new CollectorMetrics(new SimpleMeterRegistry()),
            CLOCK);

    broken.policyUnavailable(
        "example.com", ResultType.STS_POLICY_INVALID, "POLICY_SYNTAX", Optional.empty());
  }

  @Test
  void theViewGivesAUsableCachedPolicy() {
    PolicyCache cache = new InMemoryPolicyCache(10);
    cache.put(cached(TEXT, NOW.plusSeconds(3600)));

    PolicyView.KnownPolicy known =
        new CachedPolicyView(cache, CLOCK).policy("example.com").orElseThrow();

    assertThat(known.policy().mode()).isEqualTo(Mode.TESTING);
    assertThat(known.text()).isEqualTo(TEXT);
  }

  @Test
  void theViewGivesNothingExpiredNoneInvalidOrUnknown() {
    PolicyCache cache = new InMemoryPolicyCache(10);
    CachedPolicyView view = new CachedPolicyView(cache, CLOCK);
    assertThat(view.policy("example.com")).isEmpty();

    cache.put(cached(TEXT, NOW.minusSeconds(1)));
    assertThat(view.policy("example.com")).as("expired").isEmpty();

    cache.put(cached(TEXT.replace("testing", "none"), NOW.plusSeconds(3600)));
    assertThat(view.policy("example.com")).as("mode none").isEmpty();

    cache.put(cached("version: STSv1\r\nmode: enforce\r\n", NOW.plusSeconds(3600)));
    assertThat(view.policy("example.com")).as("invalid").isEmpty();
  }
}
