package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.app.socketmap.SocketmapRequest;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.InMemoryPolicyCache;
import dev.mtasts.core.resolve.RefreshState;
import dev.mtasts.core.testing.SettableClock;
import dev.mtasts.core.tls.TrustAnchors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One long-lived engine answering many lookups, as the daemon does: the remembered cache reads and
 * replies must never give another answer than a fresh engine would. The DNS has no records, so a
 * lookup that goes past the cache finds no policy.
 */
class PolicyLookupFrontCacheTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String ENFORCE =
      "version: STSv1\nmode: enforce\nmx: mx.example.com\nmx: *.example.net\nmax_age: 86400\n";
  private static final String TESTING = ENFORCE.replace("enforce", "testing");
  private static final Reply.Ok SECURE =
      new Reply.Ok("secure match=mx.example.com:.example.net servername=hostname");
  private static final Reply.Ok SECURE_NO_SNI =
      new Reply.Ok("secure match=mx.example.com:.example.net");

  private final SettableClock clock = new SettableClock(NOW);
  private final InMemoryPolicyCache store = new InMemoryPolicyCache(10);
  private final PolicyEngine engine = engine();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void repeatedLookupsGiveTheSameReply() {
    seed("example.com", ENFORCE, NOW);
    for (int i = 0; i < 3; i++) {
      assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
    }
  }

  @Test
  void sameTestingPolicyAnswersPerZone() {
    seed("example.com", TESTING, NOW);
    assertThat(lookup("postfix", "example.com")).isEqualTo(Reply.NOT_FOUND);
    assertThat(lookup("strict", "example.com")).isEqualTo(SECURE);
    assertThat(lookup("postfix", "example.com")).isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void sameEnforcePolicyAnswersPerZone() {
    seed("example.com", ENFORCE, NOW);
    assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
    assertThat(lookup("nosni", "example.com")).isEqualTo(SECURE_NO_SNI);
    assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
  }

  @Test
  void domainsDoNotShareReplies() {
    seed("example.com", ENFORCE, NOW);
    seed("example.org", ENFORCE.replace("mx.example.com", "mx.example.org"), NOW);
    assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
    assertThat(lookup("postfix", "example.org"))
        .isEqualTo(new Reply.Ok("secure match=mx.example.org:.example.net servername=hostname"));
  }

  @Test
  void identicalPoliciesOfTwoDomainsKeepTheirOwnTlsrptDomain() {
    seed("example.com", ENFORCE, NOW);
    seed("example.org", ENFORCE, NOW);
    assertThat(lookup("reports", "example.com").text())
        .contains("policy_domain=example.com")
        .doesNotContain("example.org");
    assertThat(lookup("reports", "example.org").text())
        .contains("policy_domain=example.org")
        .doesNotContain("policy_domain=example.com");
  }

  @Test
  void tlsrptPolicyStringsAreTheLinesAsFetchedWithTheirErrors() {
    // RFC 8460 §4.4: the policy as published, "including any errors": the order, a duplicate
    // mode (the first wins, §3.2) and a field name in capitals stay as the domain wrote them.
    String published =
        "mx: mx.example.com\r\nversion: STSv1\r\nmode: enforce\r\nmode: none\r\n"
            + "Max_Age: 86400\r\nmax_age: 86400\r\n";
    seed("example.com", published, NOW);
    assertThat(lookup("reports", "example.com").text())
        .endsWith(
            " mx_host_pattern=mx.example.com { policy_string = mx: mx.example.com }"
                + " { policy_string = version: STSv1 } { policy_string = mode: enforce }"
                + " { policy_string = mode: none } { policy_string = Max_Age: 86400 }"
                + " { policy_string = max_age: 86400 }");
  }

  // --- negative: the remembered answer must go when the slow path's would change ---

  @Test
  void policyChangedInTheStoreIsAnsweredOnceTheFrontTtlEnds() {
    seed("example.com", ENFORCE, NOW);
    assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
    seed("example.com", TESTING, NOW); // written by another daemon sharing the store
    clock.advance(PolicyEngine.FRONT_CACHE_TTL);
    assertThat(lookup("postfix", "example.com")).isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void expiredPolicyIsNotAnsweredFromMemory() {
    seed("example.com", ENFORCE, NOW.minusSeconds(86400 - 1));
    assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
    clock.advance(Duration.ofSeconds(1)); // max_age ends; the front TTL does not
    assertThat(lookup("postfix", "example.com")).isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void policyPastCacheGraceIsCheckedAgainstDns() {
    seed("example.com", ENFORCE, NOW);
    assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
    clock.advance(Duration.ofSeconds(61));
    // The record is gone: the cached policy is kept (RFC 8461 §3.3) and the check, made beside
    // the answer, is recorded.
    assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> store.get("example.com").orElseThrow().refresh().consecutiveFailures() == 1);
  }

  @Test
  void removedEntryIsNotAnsweredOnceTheFrontTtlEnds() {
    seed("example.com", ENFORCE, NOW);
    assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
    store.delete("example.com");
    clock.advance(PolicyEngine.FRONT_CACHE_TTL);
    assertThat(lookup("postfix", "example.com")).isEqualTo(Reply.NOT_FOUND);
  }

  private void seed(String domain, String text, Instant fetched) {
    store.put(
        new CachedPolicy(
            domain,
            "1",
            text,
            fetched,
            fetched.plusSeconds(86400),
            RefreshState.checkedAt(fetched.isAfter(NOW) ? fetched : NOW)));
  }

  private Reply lookup(String name, String key) {
    return engine.lookup().lookup(new SocketmapRequest(name, key));
  }

  private PolicyEngine engine() {
    String yaml =
        "zones:\n  strict:\n    strict_testing: true\n  nosni:\n    require_sni: false\n"
            + "  reports:\n    tlsrpt: true\n";
    ResolverConfig config = ResolverConfigReader.read(yaml, 1).orThrow();
    InMemoryResolver dns = InMemoryResolver.builder().build();
    PolicySources sources = new PolicySources(timeout -> dns, TrustAnchors.of(List.of()), clock);
    return PolicyEngine.start(config, sources, store, ResolverMetrics.NONE);
  }
}
