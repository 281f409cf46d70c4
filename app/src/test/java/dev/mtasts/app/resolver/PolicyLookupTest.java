package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mtasts.app.socketmap.Lookup;
import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.app.socketmap.SocketmapRequest;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.DnssecStatus;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.dns.MxRecord;
import dev.mtasts.core.dns.TlsaRecord;
import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.InMemoryPolicyCache;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.RefreshState;
import dev.mtasts.core.testing.BrokenPolicyCache;
import dev.mtasts.core.tls.TrustAnchors;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Replies for the same keys and cached policies as the incumbent's {@code process_request}, plus
 * our TEMP and DANE answers. Policies are cached and fresh, so no lookup touches the network.
 */
class PolicyLookupTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String ENFORCE =
      "version: STSv1\nmode: enforce\nmx: mx.example.com\nmx: *.example.net\nmax_age: 86400\n";
  private static final String TESTING = ENFORCE.replace("enforce", "testing");
  private static final String NONE = "version: STSv1\nmode: none\nmax_age: 86400\n";
  private static final Reply.Ok SECURE =
      new Reply.Ok("secure match=mx.example.com:.example.net servername=hostname");

  /** DNSSEC statuses from the DNS server, as DANE precedence needs. */
  private static final String TRUST_AD = "mtasts: {dnssec: trust_ad}\n";

  private final InMemoryPolicyCache cache = new InMemoryPolicyCache(10);

  @Test
  void enforceIsSecureWithWildcardsInPostfixForm() {
    seed("example.com", ENFORCE);
    assertThat(lookup("postfix", "example.com")).isEqualTo(SECURE);
  }

  @Test
  void nextHopFormsReachTheSameDomainAsInTheIncumbent() {
    seed("example.com", ENFORCE);
    for (String key :
        List.of("[example.com]", "[example.com]:25", "example.com:587", "EXAMPLE.com."))
      assertThat(lookup("postfix", key)).as(key).isEqualTo(SECURE);
  }

  @Test
  void ipLiteralsAndParentDomainProbesAreNotFound() {
    seed("example.com", ENFORCE);
    for (String key :
        List.of("[192.0.2.1]", "192.0.2.1", "[192.0.2.1]:25", "[ipv6:2001:db8::1]", ".example.com"))
      assertThat(lookup("postfix", key)).as(key).isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void testingIsNotFoundExceptInAStrictZone() {
    seed("example.com", TESTING);
    assertThat(lookup("postfix", "example.com")).isEqualTo(Reply.NOT_FOUND);
    assertThat(lookup("strict", "example.com")).isEqualTo(SECURE);
  }

  @Test
  void noneIsNotFoundEvenInAStrictZone() {
    seed("example.com", NONE);
    assertThat(lookup("strict", "example.com")).isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void zoneWithoutSniDropsServername() {
    seed("example.com", ENFORCE);
    assertThat(lookup("nosni", "example.com"))
        .isEqualTo(new Reply.Ok("secure match=mx.example.com:.example.net"));
  }

  @Test
  void unknownZoneNameUsesTheDefaultZone() {
    seed("example.com", TESTING);
    assertThat(lookup("whatever", "example.com")).isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void domainWithoutRecordIsNotFound() {
    assertThat(lookup("postfix", "plain.example")).isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void lookupErrorWithoutCachedPolicyIsNotFound() {
    assertThat(lookup(failingDns(), cache, "", "postfix", "broken.example"))
        .isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void unreadableCacheWithPublishedRecordAndNoLivePolicyIsTemp() {
    DnsResolver dns =
        InMemoryResolver.builder().txt("_mta-sts.example.com", "v=STSv1; id=1").build();
    assertThat(lookup(dns, new BrokenPolicyCache(), "", "postfix", "example.com"))
        .isInstanceOf(Reply.Temp.class);
  }

  @Test
  void daneGovernedEnforceDomainIsDaneOnlyByDefault() {
    seed("example.com", ENFORCE);
    assertThat(lookup(dane(DnssecStatus.SECURE), cache, TRUST_AD, "postfix", "example.com"))
        .isEqualTo(new Reply.Ok("dane-only"));
  }

  @Test
  void daneModeDeferLeavesTheDomainToPostfix() {
    seed("example.com", ENFORCE);
    assertThat(
            lookup(
                dane(DnssecStatus.SECURE),
                cache,
                "dane: {mode: defer}\n" + TRUST_AD,
                "postfix",
                "example.com"))
        .isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void daneModeIgnoreAnswersMtaSts() {
    seed("example.com", ENFORCE);
    assertThat(
            lookup(
                dane(DnssecStatus.SECURE),
                cache,
                "dane: {mode: ignore}\n" + TRUST_AD,
                "postfix",
                "example.com"))
        .isEqualTo(SECURE);
  }

  @Test
  void tlsaWithoutDnssecDoesNotCount() {
    seed("example.com", ENFORCE);
    assertThat(lookup(dane(DnssecStatus.INDETERMINATE), cache, TRUST_AD, "postfix", "example.com"))
        .isEqualTo(SECURE);
    assertThat(lookup(dane(DnssecStatus.INSECURE), cache, TRUST_AD, "postfix", "example.com"))
        .isEqualTo(SECURE);
  }

  // --- RFC 8461 §2, RFC 7672 §2.2: a failing DANE lookup is not "no DANE" ---

  @Test
  void failedTlsaLookupsOfASignedDomainAreTemp() {
    seed("example.com", ENFORCE);
    for (DnsStatus failure : List.of(DnsStatus.SERVFAIL, DnsStatus.TIMEOUT, DnsStatus.BOGUS)) {
      DnsResolver dns = signedMx().fail("_25._tcp.mx.example.com", failure).build();
      assertThat(daneLookup(dns, "")).as(failure.toString()).isInstanceOf(Reply.Temp.class);
      assertThat(daneLookup(dns, "dane: {mode: defer}\n"))
          .as(failure + ", defer")
          .isInstanceOf(Reply.Temp.class);
    }
  }

  @Test
  void bogusTlsaAnswerOfASignedDomainIsTemp() {
    seed("example.com", ENFORCE);
    DnsResolver dns =
        signedMx()
            .tlsa("_25._tcp.mx.example.com", new TlsaRecord(3, 1, 1, new byte[32]))
            .dnssec("_25._tcp.mx.example.com", DnssecStatus.BOGUS)
            .build();
    assertThat(daneLookup(dns, "")).isInstanceOf(Reply.Temp.class);
  }

  @Test
  void failedMxLookupIsTemp() {
    seed("example.com", ENFORCE);
    for (DnsStatus failure : List.of(DnsStatus.SERVFAIL, DnsStatus.TIMEOUT, DnsStatus.BOGUS)) {
      DnsResolver dns =
          InMemoryResolver.builder()
              .dnssecDefault(DnssecStatus.SECURE)
              .fail("example.com", failure)
              .build();
      assertThat(daneLookup(dns, "")).as(failure.toString()).isInstanceOf(Reply.Temp.class);
    }
  }

  @Test
  void oneHostWithSecureTlsaMakesItDaneEvenWhenAnotherFails() {
    seed("example.com", ENFORCE);
    DnsResolver dns =
        signedMx()
            .mx("example.com", 20, "mx2.example.com")
            .fail("_25._tcp.mx.example.com", DnsStatus.SERVFAIL)
            .tlsa("_25._tcp.mx2.example.com", new TlsaRecord(3, 1, 1, new byte[32]))
            .build();
    assertThat(daneLookup(dns, "")).isEqualTo(new Reply.Ok("dane-only"));
  }

  @Test
  void failedTlsaLookupBehindAnUnsignedMxIsNoDane() {
    seed("example.com", ENFORCE);
    DnsResolver dns =
        InMemoryResolver.builder()
            .dnssecDefault(DnssecStatus.INSECURE)
            .mx("example.com", 10, "mx.example.com")
            .fail("_25._tcp.mx.example.com", DnsStatus.SERVFAIL)
            .build();
    assertThat(daneLookup(dns, "")).isEqualTo(SECURE);
  }

  @Test
  void signedMxWithoutTlsaIsNoDane() {
    seed("example.com", ENFORCE);
    assertThat(daneLookup(signedMx().build(), "")).isEqualTo(SECURE);
  }

  @Test
  void daneIsNotAskedWithDaneModeIgnoreEvenWhenItFails() {
    seed("example.com", ENFORCE);
    DnsResolver dns = signedMx().fail("_25._tcp.mx.example.com", DnsStatus.SERVFAIL).build();
    assertThat(daneLookup(dns, "dane: {mode: ignore}\n")).isEqualTo(SECURE);
  }

  // --- defaults that cost work and do nothing ---

  @Test
  void withDnssecOffTheDefaultDaneModeAsksNoMxAndSaysNothing() {
    // A default file must start quietly; an explicit dane.mode is warned about by the config
    // reader (ResolverConfigReaderTest).
    seed("example.com", ENFORCE);
    AtomicInteger mxQueries = new AtomicInteger();
    DnsResolver dns = countingMx(dane(DnssecStatus.SECURE), mxQueries);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger engineLog = (Logger) LoggerFactory.getLogger(PolicyEngine.class);
    log.start();
    engineLog.addAppender(log);
    try (PolicyEngine engine = engine(dns, cache, "")) {
      for (int i = 0; i < 3; i++) {
        assertThat(engine.lookup().lookup(new SocketmapRequest("postfix", "example.com")))
            .isEqualTo(SECURE);
      }
    } finally {
      engineLog.detachAppender(log);
    }
    assertThat(mxQueries).hasValue(0);
    assertThat(log.list).isEmpty();
  }

  @Test
  void withDnssecOnTheMxIsAskedAndNothingIsWarned() {
    seed("example.com", ENFORCE);
    AtomicInteger mxQueries = new AtomicInteger();
    DnsResolver dns = countingMx(InMemoryResolver.builder().build(), mxQueries);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger engineLog = (Logger) LoggerFactory.getLogger(PolicyEngine.class);
    log.start();
    engineLog.addAppender(log);
    try (PolicyEngine engine = engine(dns, cache, TRUST_AD)) {
      engine.lookup().lookup(new SocketmapRequest("postfix", "example.com"));
    } finally {
      engineLog.detachAppender(log);
    }
    assertThat(mxQueries).hasValue(1);
    assertThat(log.list).isEmpty();
  }

  @Test
  void daneDoesNotTurnTestingIntoAnAnswer() {
    seed("example.com", TESTING);
    assertThat(lookup(dane(DnssecStatus.SECURE), cache, TRUST_AD, "postfix", "example.com"))
        .isEqualTo(Reply.NOT_FOUND);
  }

  @Test
  void nothingIsAnsweredFromMemoryBeforeTheStoreWasRead() {
    seed("example.com", ENFORCE);
    try (PolicyEngine engine = engine(InMemoryResolver.builder().build(), cache, "")) {
      assertThat(engine.lookup().lookupFromMemory(new SocketmapRequest("postfix", "example.com")))
          .isEmpty();
    }
  }

  @Test
  void keysWithoutAPolicyDomainAreAnsweredFromMemoryAtOnce() {
    try (PolicyEngine engine = engine(InMemoryResolver.builder().build(), cache, "")) {
      for (String key : List.of("[192.0.2.1]", ".example.com", "[ipv6:2001:db8::1]")) {
        assertThat(engine.lookup().lookupFromMemory(new SocketmapRequest("postfix", key)))
            .as(key)
            .contains(Reply.NOT_FOUND);
      }
    }
  }

  @Test
  void anUnknownDaneVerdictIsNotGuessedFromMemory() {
    seed("example.com", TESTING);
    try (PolicyEngine engine = engine(dane(DnssecStatus.SECURE), cache, TRUST_AD)) {
      Lookup lookup = engine.lookup();
      // Testing is not enforced in the default zone: no DANE question, but the policy is read.
      assertThat(lookup.lookup(new SocketmapRequest("postfix", "example.com")))
          .isEqualTo(Reply.NOT_FOUND);
      SocketmapRequest strict = new SocketmapRequest("strict", "example.com");
      assertThat(lookup.lookupFromMemory(strict)).isEmpty();
      assertThat(lookup.lookup(strict)).isEqualTo(new Reply.Ok("dane-only"));
      assertThat(lookup.lookupFromMemory(strict)).contains(new Reply.Ok("dane-only"));
    }
  }

  @Test
  void fetchErrorsCountFailedAttemptsNotLookups() {
    PrometheusResolverMetrics metrics = new PrometheusResolverMetrics();
    try (PolicyEngine engine = engine(failingDns(), cache, "", metrics)) {
      for (int i = 0; i < 5; i++) {
        engine.lookup().lookup(new SocketmapRequest("postfix", "broken.example"));
      }
    }
    // The failure is remembered (backoff), so one attempt for five lookups.
    assertThat(metrics.scrape())
        .containsPattern("(?m)^mtasts_resolver_fetch_errors_total 1\\.0$")
        .containsPattern("(?m)^mtasts_resolver_cache_total\\{result=\"miss\"} 5\\.0$");
  }

  // --- helpers ---

  /** {@code dns}, counting MX questions. */
  private static DnsResolver countingMx(DnsResolver dns, AtomicInteger mxQueries) {
    return new DnsResolver() {
      @Override
      public DnsAnswer<String> txt(String name) {
        return dns.txt(name);
      }

      @Override
      public DnsAnswer<MxRecord> mx(String domain) {
        mxQueries.incrementAndGet();
        return dns.mx(domain);
      }

      @Override
      public DnsAnswer<InetAddress> addresses(String host) {
        return dns.addresses(host);
      }

      @Override
      public DnsAnswer<TlsaRecord> tlsa(String name) {
        return dns.tlsa(name);
      }
    };
  }

  private static InMemoryResolver.Builder signedMx() {
    return InMemoryResolver.builder()
        .dnssecDefault(DnssecStatus.SECURE)
        .mx("example.com", 10, "mx.example.com");
  }

  /** A lookup with DNSSEC statuses from the DNS server, as DANE precedence needs. */
  private Reply daneLookup(DnsResolver dns, String extraYaml) {
    try (PolicyEngine engine = engine(dns, cache, extraYaml + TRUST_AD)) {
      SocketmapRequest request = new SocketmapRequest("postfix", "example.com");
      Reply reply = engine.lookup().lookup(request);
      assertThat(engine.lookup().lookupFromMemory(request)).as("remembered").contains(reply);
      return reply;
    }
  }

  private static DnsResolver failingDns() {
    return InMemoryResolver.builder()
        .fail("_mta-sts.broken.example", dev.mtasts.core.dns.DnsStatus.SERVFAIL)
        .build();
  }

  private static DnsResolver dane(DnssecStatus status) {
    return InMemoryResolver.builder()
        .dnssecDefault(status)
        .mx("example.com", 10, "mx.example.com")
        .tlsa("_25._tcp.mx.example.com", new TlsaRecord(3, 1, 1, new byte[32]))
        .build();
  }

  private void seed(String domain, String text) {
    cache.put(
        new CachedPolicy(
            domain, "1", text, NOW, NOW.plusSeconds(86400), RefreshState.checkedAt(NOW)));
  }

  private Reply lookup(String name, String key) {
    return lookup(InMemoryResolver.builder().build(), cache, "", name, key);
  }

  private static PolicyEngine engine(DnsResolver dns, PolicyCache cache, String extraYaml) {
    return engine(dns, cache, extraYaml, ResolverMetrics.NONE);
  }

  private static PolicyEngine engine(
      DnsResolver dns, PolicyCache cache, String extraYaml, ResolverMetrics metrics) {
    String yaml =
        extraYaml
            + "zones:\n  strict:\n    strict_testing: true\n  nosni:\n    require_sni: false\n";
    ResolverConfig config = ResolverConfigReader.read(yaml, 1).orThrow();
    PolicySources sources =
        new PolicySources(
            timeout -> dns, TrustAnchors.of(List.of()), Clock.fixed(NOW, ZoneOffset.UTC));
    return PolicyEngine.start(config, sources, cache, metrics);
  }

  private static Reply lookup(
      DnsResolver dns, PolicyCache cache, String extraYaml, String name, String key) {
    try (PolicyEngine engine = engine(dns, cache, extraYaml)) {
      SocketmapRequest request = new SocketmapRequest(name, key);
      Reply reply = engine.lookup().lookup(request);
      // The event loop's fast path must give the same answer once the lookup left it in memory.
      Optional<Reply> fromMemory = engine.lookup().lookupFromMemory(request);
      if (reply instanceof Reply.Temp) {
        assertThat(fromMemory).as("a failure is never answered from memory").isEmpty();
      } else {
        assertThat(fromMemory).as("from memory after a lookup").contains(reply);
      }
      return reply;
    }
  }
}
