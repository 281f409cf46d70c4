package dev.mtasts.core.resolve;

import static dev.mtasts.core.testing.LoopbackServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.mtasts.core.Problem;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.dns.MxRecord;
import dev.mtasts.core.dns.TlsaRecord;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.testing.BrokenPolicyCache;
import dev.mtasts.core.testing.LoopbackServer;
import dev.mtasts.core.testing.SettableClock;
import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Authority;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 8461 §3 and §5 as a sender applies them, against in-memory DNS and a loopback HTTPS policy
 * host, with a clock the test moves.
 */
class PolicyResolverTest {

  private static final Instant START = Instant.now();
  private static final String DOMAIN = "example.com";
  private static final String HOST = "mta-sts.example.com";
  private static final Authority ROOT = TestCertificates.rootCa("Resolve Root", START);
  private static final SSLContext GOOD = ROOT.issue(HOST).serverContext();
  private static final SSLContext UNTRUSTED =
      TestCertificates.rootCa("Stranger", START).issue(HOST).serverContext();
  private static final TrustAnchors ANCHORS = TrustAnchors.of(List.of(ROOT.certificate()));

  private static final String ENFORCE = policy("enforce", 86400);

  final SettableClock clock = new SettableClock(START);
  private final SwitchableDns dns = new SwitchableDns();
  private final AtomicReference<String> response = new AtomicReference<>(ok(ENFORCE));
  private final AtomicInteger fetches = new AtomicInteger();
  private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Tolerated RFC 8461 §3.2 deviations the resolver reported, one entry per fetch. */
  private final List<String> deviations = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final RefreshObserver observer =
      new RefreshObserver() {
        @Override
        public void refreshFailed(String domain, String reason) {
          failures.add(reason);
        }

        @Override
        public void deviationsTolerated(String domain, String host, List<Problem> found) {
          deviations.add(domain + " from " + host + ": " + found);
        }

        @Override
        public void policyUnavailable(
            String domain,
            dev.mtasts.core.tlsrpt.ResultType type,
            String reasonCode,
            java.util.Optional<String> applied) {
          unavailable.add(
              domain
                  + " "
                  + type
                  + " "
                  + reasonCode
                  + " "
                  + applied.map(a -> "cached").orElse("-"));
        }
      };

  /** RFC 8460 §4.3.2.2 results the resolver reported, one entry per failed attempt. */
  private final List<String> unavailable = new java.util.concurrent.CopyOnWriteArrayList<>();

  private LoopbackServer server;
  private SSLContext serverContext = GOOD;
  private PolicyCache cache = front(new InMemoryPolicyCache(100));

  /** Holds the policy host's answers back until counted down. */
  private volatile java.util.concurrent.CountDownLatch stall =
      new java.util.concurrent.CountDownLatch(0);

  /** Runs refreshes started beside a lookup; inline, so a test sees each one finished. */
  private Executor background = Runnable::run;

  /** The cache the resolver sees over {@code store}; a subclass puts a front before it. */
  PolicyCache front(PolicyCache store) {
    return store;
  }

  @BeforeEach
  void start() throws Exception {
    server =
        LoopbackServer.start(
            socket -> {
              SSLSocket tls = LoopbackServer.serverTls(socket, serverContext);
              LoopbackServer.readHead(tls.getInputStream());
              stall.await();
              fetches.incrementAndGet();
              OutputStream out = tls.getOutputStream();
              out.write(ascii(response.get()));
              out.flush();
            });
    dns.set(published("1"));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  // --- positive ---

  @Test
  void fetchesCachesAndAnswersFromTheCacheWithinGrace() {
    PolicyResolution first = resolver().resolve("Example.COM.");
    assertThat(found(first).fromCache()).isFalse();
    assertThat(found(first).policy().mode()).isEqualTo(Mode.ENFORCE);
    assertThat(found(first).cached().expiresAt()).isEqualTo(START.plusSeconds(86400));
    clock.advance(Duration.ofSeconds(30));
    PolicyResolution second = resolver().resolve(DOMAIN);
    assertThat(found(second).fromCache()).isTrue();
    assertThat(dns.txtQueries.get()).isEqualTo(1);
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void aNameThatIsNoHostNameIsACallersErrorAndAsksNothing() {
    for (String name : List.of("exa mple.com", "_mta-sts.example.com", "example..com", "")) {
      assertThatThrownBy(() -> resolver().resolve(name))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(dns.txtQueries.get()).isZero();
  }

  @Test
  void sameIdAfterGraceChecksDnsBesideTheAnswerButDoesNotFetch() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    clock.advance(Duration.ofMinutes(5));
    PolicyResolution again = resolver.resolve(DOMAIN);
    assertThat(found(again).fromCache()).isTrue();
    assertThat(cache.get(DOMAIN).orElseThrow().refresh().lastChecked()).isEqualTo(clock.instant());
    assertThat(dns.txtQueries.get()).isEqualTo(2);
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void changedIdFetchesTheNewPolicyForTheNextLookup() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    dns.set(published("2"));
    response.set(ok(policy("testing", 3600)));
    clock.advance(Duration.ofMinutes(5));
    PolicyResolution answered = resolver.resolve(DOMAIN);
    assertThat(found(answered).policy().mode())
        .as("the cached one, not waiting")
        .isEqualTo(Mode.ENFORCE);
    assertThat(found(resolver.resolve(DOMAIN)).policy().mode()).isEqualTo(Mode.TESTING);
    assertThat(cache.get(DOMAIN).orElseThrow().policyId()).isEqualTo("2");
    assertThat(fetches.get()).isEqualTo(2);
  }

  @Test
  void refreshFetchesTheNewPolicyAtOnce() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    dns.set(published("2"));
    response.set(ok(policy("testing", 3600)));
    PolicyResolution changed = resolver.refresh(DOMAIN);
    assertThat(found(changed).fromCache()).isFalse();
    assertThat(found(changed).policy().mode()).isEqualTo(Mode.TESTING);
  }

  @Test
  void policyNearExpiryIsFetchedAgainEvenWithTheSameId() {
    PolicyResolver resolver =
        resolver(ResolverSettings.defaults().withRenewBefore(Duration.ofHours(1)));
    resolver.resolve(DOMAIN);
    clock.advance(Duration.ofHours(23).plusMinutes(30));
    assertThat(found(resolver.resolve(DOMAIN)).fromCache()).isTrue();
    assertThat(cache.get(DOMAIN).orElseThrow().expiresAt())
        .isEqualTo(clock.instant().plusSeconds(86400));
    assertThat(fetches.get()).isEqualTo(2);
  }

  // --- renewal (RFC 8461 §3.3) under the default settings: a window of one day ---

  @Test
  void aDayLongPolicyIsRenewedHalfwayThroughItsLifeNotBefore() {
    PolicyResolver resolver = resolver(ResolverSettings.defaults());
    resolver.resolve(DOMAIN);
    clock.advance(Duration.ofHours(11).plusMinutes(59));
    resolver.resolve(DOMAIN);
    assertThat(fetches.get()).as("checked, not fetched").isEqualTo(1);
    assertThat(dns.txtQueries.get()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(2));
    resolver.resolve(DOMAIN);
    assertThat(fetches.get()).isEqualTo(2);
    assertThat(cache.get(DOMAIN).orElseThrow().fetchedAt()).isEqualTo(clock.instant());
    clock.advance(Duration.ofMinutes(5));
    resolver.resolve(DOMAIN);
    assertThat(fetches.get()).as("renewed, so not due again").isEqualTo(2);
  }

  @Test
  void aWeekLongPolicyIsRenewedWithinTheRenewalWindow() {
    response.set(ok(policy("enforce", 604800)));
    PolicyResolver resolver = resolver(ResolverSettings.defaults());
    resolver.resolve(DOMAIN);
    clock.advance(Duration.ofDays(5).plusHours(23));
    resolver.resolve(DOMAIN);
    assertThat(fetches.get()).isEqualTo(1);
    clock.advance(Duration.ofHours(2));
    resolver.resolve(DOMAIN);
    assertThat(fetches.get()).isEqualTo(2);
  }

  @Test
  void aFailingRenewalIsTriedOncePerBackoffStep() {
    PolicyResolver resolver = resolver(ResolverSettings.defaults());
    resolver.resolve(DOMAIN);
    response.set("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n");
    clock.advance(Duration.ofHours(13));
    for (int i = 0; i < 6; i++) {
      assertThat(found(resolver.resolve(DOMAIN)).policy().mode()).isEqualTo(Mode.ENFORCE);
      clock.advance(Duration.ofSeconds(2));
    }
    assertThat(fetches.get()).as("one attempt, then a minute of backoff").isEqualTo(2);
    clock.advance(Duration.ofMinutes(1));
    resolver.resolve(DOMAIN);
    resolver.resolve(DOMAIN);
    assertThat(fetches.get()).isEqualTo(3);
    assertThat(cache.get(DOMAIN).orElseThrow().refresh().consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void aLookupDoesNotWaitForARenewalAndLookupsShareOne() throws Exception {
    List<Thread> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    background = task -> started.add(Thread.ofVirtual().start(task));
    PolicyResolver resolver = resolver(ResolverSettings.defaults());
    resolver.resolve(DOMAIN);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    stall = release;
    clock.advance(Duration.ofHours(13));
    long began = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertThat(found(resolver.resolve(DOMAIN)).cached().fetchedAt()).isEqualTo(START);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(1));
    assertThat(started).as("one refresh for five lookups").hasSize(1);
    release.countDown();
    started.getFirst().join();
    assertThat(fetches.get()).isEqualTo(2);
    assertThat(found(resolver.resolve(DOMAIN)).cached().fetchedAt()).isEqualTo(clock.instant());
  }

  @Test
  void aDayLongPolicyIsNotFetchedOnEveryLookupWithTheDefaultRenewalWindow() {
    // Gmail's max_age (86400) equals the default renewal window; cache_grace 1 s as measured.
    PolicyResolver resolver =
        resolver(ResolverSettings.defaults().withCacheGrace(Duration.ofSeconds(1)));
    for (int i = 0; i < 6; i++) {
      assertThat(found(resolver.resolve(DOMAIN)).policy().mode()).isEqualTo(Mode.ENFORCE);
      clock.advance(Duration.ofSeconds(2));
    }
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void modeNoneIsAPolicyToo() {
    response.set(ok("version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n"));
    assertThat(found(resolver().resolve(DOMAIN)).policy().mode()).isEqualTo(Mode.NONE);
  }

  @Test
  void concurrentLookupsShareOneFetch() throws Exception {
    PolicyResolver resolver = resolver();
    List<Thread> threads =
        java.util.stream.IntStream.range(0, 8)
            .mapToObj(i -> Thread.ofVirtual().start(() -> resolver.resolve(DOMAIN)))
            .toList();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(fetches.get()).isBetween(1, 2);
  }

  // --- negative: no policy ---

  @Test
  void noRecordIsNoPolicyAndNothingIsFetched() {
    dns.set(base());
    assertThat(resolver().resolve(DOMAIN)).isInstanceOf(PolicyResolution.NoPolicy.class);
    assertThat(fetches.get()).isZero();
  }

  @Test
  void noRecordIsRememberedForTheGracePeriod() {
    dns.set(base());
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    resolver.resolve(DOMAIN);
    assertThat(dns.txtQueries.get()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(61));
    resolver.resolve(DOMAIN);
    assertThat(dns.txtQueries.get()).isEqualTo(2);
  }

  @Test
  void twoRecordsAreNoPolicy() {
    dns.set(
        base()
            .txt("_mta-sts." + DOMAIN, "v=STSv1; id=1")
            .txt("_mta-sts." + DOMAIN, "v=STSv1; id=2"));
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("2 v=STSv1 TXT records");
    assertThat(fetches.get()).isZero();
  }

  @Test
  void invalidRecordIsNoPolicy() {
    dns.set(base().txt("_mta-sts." + DOMAIN, "v=STSv1; id=not-valid!"));
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("invalid TXT record");
  }

  @Test
  void recordsNotStartingWithTheVersionAreIgnored() {
    dns.set(base().txt("_mta-sts." + DOMAIN, "id=1; v=STSv1"));
    assertThat(resolver().resolve(DOMAIN)).isInstanceOf(PolicyResolution.NoPolicy.class);
  }

  @Test
  void dnsFailureWithoutCacheIsNoPolicy() {
    dns.set(base().fail("_mta-sts." + DOMAIN, DnsStatus.SERVFAIL));
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("SERVFAIL");
  }

  @Test
  void fetchFailureWithoutCacheIsNoPolicy() {
    response.set("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("HTTP_STATUS");
  }

  @Test
  void untrustedPolicyHostCertificateIsNoPolicy() {
    serverContext = UNTRUSTED;
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("CERTIFICATE_UNTRUSTED");
    assertThat(cache.get(DOMAIN)).isEmpty();
  }

  @Test
  void redirectIsNotFollowed() {
    response.set("HTTP/1.1 301 Moved\r\nLocation: https://elsewhere/\r\nContent-Length: 0\r\n\r\n");
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("HTTP_REDIRECT");
  }

  @Test
  void invalidPolicyIsNoPolicy() {
    response.set(ok("version: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\n"));
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("invalid policy");
  }

  @Test
  void noAddressForThePolicyHostIsNoPolicy() {
    dns.set(InMemoryResolver.builder().txt("_mta-sts." + DOMAIN, "v=STSv1; id=1").build());
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("no address");
  }

  // --- negative: failures keep the cached policy ---

  @Test
  void failedRefreshKeepsTheCachedPolicyAndBacksOff() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    dns.set(base().fail("_mta-sts." + DOMAIN, DnsStatus.TIMEOUT));
    clock.advance(Duration.ofMinutes(5));
    resolver.resolve(DOMAIN);
    PolicyResolution stale = resolver.resolve(DOMAIN);
    assertThat(found(stale).stale()).isTrue();
    assertThat(found(stale).policy().mode()).isEqualTo(Mode.ENFORCE);
    RefreshState state = cache.get(DOMAIN).orElseThrow().refresh();
    assertThat(state.consecutiveFailures()).isEqualTo(1);
    assertThat(state.nextAttempt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    int queries = dns.txtQueries.get();
    clock.advance(Duration.ofSeconds(59));
    assertThat(found(resolver.resolve(DOMAIN)).stale()).isTrue();
    assertThat(dns.txtQueries.get()).as("no DNS during backoff").isEqualTo(queries);
  }

  @Test
  void eachFailedRefreshIsReportedOnceNotEachStaleAnswer() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    assertThat(failures).isEmpty();
    dns.set(base().fail("_mta-sts." + DOMAIN, DnsStatus.TIMEOUT));
    clock.advance(Duration.ofMinutes(5));
    resolver.resolve(DOMAIN);
    // Backing off: the cached policy is applied without another attempt, and nothing is reported.
    for (int i = 0; i < 5; i++) {
      assertThat(found(resolver.resolve(DOMAIN)).stale()).isTrue();
    }
    assertThat(failures).singleElement().asString().contains("TIMEOUT");
  }

  @Test
  void aFailedFetchWithoutACachedPolicyIsReported() {
    response.set("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    assertThat(resolver().resolve(DOMAIN)).isInstanceOf(PolicyResolution.NoPolicy.class);
    assertThat(failures).singleElement().asString().contains("404");
  }

  @Test
  void aDomainWithoutARecordIsNoFailure() {
    dns.set(base());
    resolver().resolve(DOMAIN);
    assertThat(failures).isEmpty();
    assertThat(unavailable).isEmpty();
  }

  // --- RFC 8460 §4.3.2.2: why a published policy could not be had ---

  @Test
  void aPolicyHostAnsweringBadlyIsAFetchError() {
    response.set("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    resolver().resolve(DOMAIN);
    assertThat(unavailable).containsExactly(DOMAIN + " sts-policy-fetch-error HTTP_STATUS -");
  }

  @Test
  void noAddressForThePolicyHostIsAFetchError() {
    dns.set(InMemoryResolver.builder().txt("_mta-sts." + DOMAIN, "v=STSv1; id=1").build());
    resolver().resolve(DOMAIN);
    assertThat(unavailable).containsExactly(DOMAIN + " sts-policy-fetch-error NO_ADDRESSES -");
  }

  @Test
  void anUntrustedPolicyHostCertificateIsWebPkiInvalid() {
    serverContext = UNTRUSTED;
    resolver().resolve(DOMAIN);
    assertThat(unavailable).containsExactly(DOMAIN + " sts-webpki-invalid CERTIFICATE_UNTRUSTED -");
  }

  @Test
  void aPolicyThatDoesNotParseIsPolicyInvalidAndTheCachedOneIsNamed() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    response.set(ok("version: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\n"));
    dns.set(published("2"));
    clock.advance(Duration.ofMinutes(5));
    resolver.resolve(DOMAIN);
    assertThat(unavailable).singleElement().asString().startsWith(DOMAIN + " sts-policy-invalid ");
    assertThat(unavailable.getFirst()).endsWith(" cached");
  }

  @Test
  void aDnsFailureIsNoPolicyFailure() {
    // Nothing says the domain publishes a policy: no report is due.
    dns.set(base().fail("_mta-sts." + DOMAIN, DnsStatus.TIMEOUT));
    resolver().resolve(DOMAIN);
    assertThat(failures).hasSize(1);
    assertThat(unavailable).isEmpty();
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    dns.set(base().fail("_mta-sts." + DOMAIN, DnsStatus.SERVFAIL));
    List<Duration> waits = new java.util.ArrayList<>();
    clock.advance(Duration.ofMinutes(2));
    for (int i = 0; i < 9; i++) {
      resolver.refresh(DOMAIN);
      RefreshState state = cache.get(DOMAIN).orElseThrow().refresh();
      waits.add(Duration.between(state.lastChecked(), state.nextAttempt()));
      clock.set(state.nextAttempt());
    }
    assertThat(waits.subList(0, 4)).extracting(Duration::toMinutes).containsExactly(1L, 2L, 4L, 8L);
    assertThat(waits.getLast()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void successAfterFailuresClearsTheBackoff() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    response.set("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n");
    dns.set(published("2"));
    clock.advance(Duration.ofMinutes(5));
    resolver.resolve(DOMAIN);
    assertThat(found(resolver.resolve(DOMAIN)).stale()).isTrue();
    response.set(ok(ENFORCE));
    clock.advance(Duration.ofMinutes(2));
    resolver.resolve(DOMAIN);
    PolicyResolution fresh = resolver.resolve(DOMAIN);
    assertThat(found(fresh).stale()).isFalse();
    assertThat(cache.get(DOMAIN).orElseThrow().refresh().consecutiveFailures()).isZero();
    assertThat(cache.get(DOMAIN).orElseThrow().policyId()).isEqualTo("2");
  }

  @Test
  void invalidNewPolicyKeepsTheCachedOne() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    dns.set(published("2"));
    response.set(ok("version: STSv1\r\nmode: bogus\r\nmx: x.example.com\r\nmax_age: 1\r\n"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(found(resolver.resolve(DOMAIN)).cached().policyId()).isEqualTo("1");
  }

  @Test
  void removedRecordKeepsTheCachedPolicyUntilItExpires() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    dns.set(base());
    clock.advance(Duration.ofHours(1));
    resolver.resolve(DOMAIN);
    assertThat(found(resolver.resolve(DOMAIN)).stale()).isTrue();
    clock.set(START.plusSeconds(86400));
    assertThat(resolver.resolve(DOMAIN)).isInstanceOf(PolicyResolution.NoPolicy.class);
  }

  @Test
  void expiredPolicyIsNotAppliedWhenTheRefetchFails() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    response.set("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n");
    clock.set(START.plusSeconds(86400 + 1));
    assertThat(resolver.resolve(DOMAIN)).isInstanceOf(PolicyResolution.NoPolicy.class);
  }

  @Test
  void maxAgeZeroIsAppliedOnceAndNeverServedFromTheCache() {
    response.set(ok(policy("enforce", 0)));
    PolicyResolver resolver = resolver();
    assertThat(found(resolver.resolve(DOMAIN)).fromCache()).isFalse();
    assertThat(found(resolver.resolve(DOMAIN)).fromCache()).isFalse();
    assertThat(fetches.get()).isEqualTo(2);
  }

  // --- a policy read as senders read it (RFC 8461 §3.2, Leniency.SENDER) ---

  @Test
  void policyWithTrailingBlankLinesIsAppliedAndWarnedAboutOncePerFetch() {
    String body = ENFORCE + "\r\n\r\n";
    response.set(ok(body));
    {
      PolicyResolver resolver = resolver();
      PolicyResolution.Found first = found(resolver.resolve(DOMAIN));
      assertThat(first.policy()).isEqualTo(Policy.parse(ENFORCE).orThrow());
      assertThat(first.policy().mode()).isEqualTo(Mode.ENFORCE);
      assertThat(first.cached().policyText()).isEqualTo(body);
      assertThat(cache.get(DOMAIN).orElseThrow().policyText()).isEqualTo(body);

      clock.advance(Duration.ofSeconds(30));
      assertThat(found(resolver.resolve(DOMAIN)).fromCache()).isTrue();
      clock.advance(Duration.ofMinutes(5));
      assertThat(found(resolver.resolve(DOMAIN)).fromCache()).isTrue();
      // a restart: a new resolver reads the cached text again
      assertThat(found(resolver().resolve(DOMAIN)).policy().mode()).isEqualTo(Mode.ENFORCE);
      assertThat(fetches.get()).isEqualTo(1);
      assertThat(deviations)
          .singleElement(STRING)
          .contains(DOMAIN, HOST, "POLICY_BLANK_LINE (line 6", "POLICY_BLANK_LINE (line 7");

      dns.set(published("2"));
      clock.advance(Duration.ofMinutes(5));
      resolver.resolve(DOMAIN);
      assertThat(fetches.get()).isEqualTo(2);
      assertThat(deviations).as("one warning per fetch").hasSize(2);
    }
  }

  @Test
  void policyWithAByteOrderMarkIsApplied() {
    // EF BB BF, the UTF-8 byte order mark, one byte per char as the test server writes them
    response.set(ok("\u00EF\u00BB\u00BF" + ENFORCE));
    {
      assertThat(found(resolver().resolve(DOMAIN)).policy().mode()).isEqualTo(Mode.ENFORCE);
      assertThat(deviations).singleElement(STRING).contains("POLICY_BOM");
    }
  }

  @Test
  void aCleanPolicyIsNotWarnedAbout() {
    {
      found(resolver().resolve(DOMAIN));
      assertThat(deviations).isEmpty();
    }
  }

  @Test
  void blankLinesDoNotSaveAnUnknownMode() {
    response.set(ok(policy("enforcing", 86400) + "\r\n"));
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason())
        .contains("invalid policy", "POLICY_MODE_INVALID");
    assertThat(cache.get(DOMAIN)).isEmpty();
  }

  @Test
  void blankLinesDoNotSaveABadMaxAge() {
    response.set(
        ok("version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 1d\r\n\r\n"));
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("POLICY_MAX_AGE_INVALID");
  }

  @Test
  void blankLinesDoNotSaveAnEnforcePolicyWithoutMx() {
    response.set(ok("version: STSv1\r\nmode: enforce\r\n\r\nmax_age: 86400\r\n\r\n"));
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("POLICY_MX_MISSING");
  }

  @Test
  void anIndentedLineIsStillInvalid() {
    response.set(ok(ENFORCE + " mx: other.example.org\r\n"));
    assertThat(noPolicy(resolver().resolve(DOMAIN)).reason()).contains("POLICY_FIELD_NAME_INVALID");
  }

  @Test
  void blankLinesInANewPolicyWithABadMxKeepTheCachedOne() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    dns.set(published("2"));
    response.set(ok("version: STSv1\r\nmode: enforce\r\nmx: *\r\nmax_age: 86400\r\n\r\n"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(found(resolver.resolve(DOMAIN)).cached().policyId()).isEqualTo("1");
  }

  @Test
  void unreadableCacheWithAPublishedRecordAndNoLivePolicyIsTemporary() {
    cache = front(new BrokenPolicyCache());
    response.set("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n");
    assertThat(resolver().resolve(DOMAIN)).isInstanceOf(PolicyResolution.TemporaryFailure.class);
  }

  @Test
  void unreadableCacheWithoutARecordIsTemporaryNotNoPolicy() {
    cache = front(new BrokenPolicyCache());
    dns.set(base());
    assertThat(resolver().resolve(DOMAIN)).isInstanceOf(PolicyResolution.TemporaryFailure.class);
    assertThat(resolver().resolveFromMemory(DOMAIN)).isEmpty();
  }

  @Test
  void unreadableCacheAndFailingDnsIsTemporaryNotNoPolicy() {
    cache = front(new BrokenPolicyCache());
    dns.set(base().fail("_mta-sts." + DOMAIN, DnsStatus.SERVFAIL));
    assertThat(resolver().resolve(DOMAIN)).isInstanceOf(PolicyResolution.TemporaryFailure.class);
  }

  @Test
  void unreadableCacheStillAppliesALivePolicy() {
    cache = front(new BrokenPolicyCache());
    assertThat(found(resolver().resolve(DOMAIN)).policy().mode()).isEqualTo(Mode.ENFORCE);
  }

  // --- proactive refresh ---

  @Test
  void proactiveRefreshChecksOnlyEntriesDueAndSurvivesARestart() throws Exception {
    resolver().resolve(DOMAIN);
    clock.advance(Duration.ofHours(13));
    // A new resolver over the same cache: what a restart with a persistent cache looks like.
    ProactiveRefresher refresher = refresher(resolver());
    assertThat(refresher.runOnce()).isEqualTo(1);
    assertThat(cache.get(DOMAIN).orElseThrow().refresh().lastChecked()).isEqualTo(clock.instant());
    assertThat(refresher.runOnce()).as("just checked").isZero();
    refresher.close();
  }

  @Test
  void proactiveRefreshSkipsRecentAndExpiredEntries() throws Exception {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    ProactiveRefresher refresher = refresher(resolver);
    clock.advance(Duration.ofHours(1));
    assertThat(refresher.runOnce()).as("checked an hour ago").isZero();
    dns.set(base().fail("_mta-sts." + DOMAIN, DnsStatus.SERVFAIL));
    clock.advance(Duration.ofHours(12));
    assertThat(refresher.runOnce()).isEqualTo(1);
    assertThat(cache.get(DOMAIN).orElseThrow().refresh().consecutiveFailures()).isEqualTo(1);
    assertThat(refresher.runOnce()).as("a failed check counts as checked").isZero();
    clock.set(START.plusSeconds(86400 * 2));
    assertThat(refresher.runOnce()).as("expired").isZero();
    refresher.close();
  }

  // --- answering from memory (the socketmap event loop's fast path) ---

  @Test
  void fromMemoryGivesTheCachedPolicyWithinGraceWithoutNetwork() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    clock.advance(Duration.ofSeconds(30));
    PolicyResolution remembered = resolver.resolveFromMemory("EXAMPLE.com.").orElseThrow();
    assertThat(found(remembered).fromCache()).isTrue();
    assertThat(found(remembered).stale()).isFalse();
    assertThat(found(remembered).policy().mode()).isEqualTo(Mode.ENFORCE);
    assertThat(dns.txtQueries.get()).isEqualTo(1);
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void fromMemoryHasNothingForADomainNeverResolved() {
    assertThat(resolver().resolveFromMemory(DOMAIN)).isEmpty();
    assertThat(dns.txtQueries.get()).isZero();
    assertThat(fetches.get()).isZero();
  }

  @Test
  void fromMemoryAnswersPastGraceAndRefreshesBeside() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    clock.advance(Duration.ofMinutes(5));
    PolicyResolution remembered = resolver.resolveFromMemory(DOMAIN).orElseThrow();
    assertThat(found(remembered).cached().refresh().lastChecked()).isEqualTo(START);
    assertThat(dns.txtQueries.get()).isEqualTo(2);
    assertThat(cache.get(DOMAIN).orElseThrow().refresh().lastChecked()).isEqualTo(clock.instant());
  }

  @Test
  void aRefusedBackgroundRefreshIsStartedAgainByALaterLookup() {
    background =
        task -> {
          throw new java.util.concurrent.RejectedExecutionException("full");
        };
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    clock.advance(Duration.ofMinutes(5));
    assertThat(found(resolver.resolve(DOMAIN)).fromCache()).isTrue();
    assertThat(dns.txtQueries.get()).isEqualTo(1);
    background = Runnable::run;
    resolver.resolve(DOMAIN);
    assertThat(dns.txtQueries.get()).isEqualTo(2);
  }

  @Test
  void fromMemoryHasNothingForAnExpiredPolicy() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    clock.advance(Duration.ofSeconds(86400));
    assertThat(resolver.resolveFromMemory(DOMAIN)).isEmpty();
  }

  @Test
  void fromMemoryGivesARememberedAbsence() {
    dns.set(base());
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    assertThat(noPolicy(resolver.resolveFromMemory(DOMAIN).orElseThrow()).reason())
        .contains("no v=STSv1 TXT record");
    clock.advance(Duration.ofSeconds(61));
    assertThat(resolver.resolveFromMemory(DOMAIN)).isEmpty();
    assertThat(dns.txtQueries.get()).isEqualTo(1);
  }

  @Test
  void fromMemoryKeepsApplyingTheCachedPolicyDuringBackoff() {
    PolicyResolver resolver = resolver();
    resolver.resolve(DOMAIN);
    dns.set(base().fail("_mta-sts." + DOMAIN, DnsStatus.TIMEOUT));
    clock.advance(Duration.ofMinutes(5));
    resolver.resolve(DOMAIN);
    int queries = dns.txtQueries.get();
    PolicyResolution remembered = resolver.resolveFromMemory(DOMAIN).orElseThrow();
    assertThat(found(remembered).stale()).isTrue();
    assertThat(dns.txtQueries.get()).isEqualTo(queries);
  }

  @Test
  void fromMemoryHasNothingWhenTheCacheMustAskItsStore() {
    cache = new BrokenPolicyCache();
    assertThat(resolver().resolveFromMemory(DOMAIN)).isEmpty();
    assertThat(dns.txtQueries.get()).isZero();
  }

  // --- helpers ---

  private PolicyResolver resolver() {
    return resolver(ResolverSettings.defaults().withRenewBefore(Duration.ZERO));
  }

  private PolicyResolver resolver(ResolverSettings settings) {
    FetchSettings fetch =
        FetchSettings.defaults()
            .withPort(server.port())
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))
            .withPrivateAddresses(true);
    return new PolicyResolver(
        dns,
        new PolicyFetcher(fetch, ANCHORS, clock),
        cache,
        clock,
        settings,
        observer,
        task -> background.execute(task));
  }

  private ProactiveRefresher refresher(PolicyResolver resolver) {
    return new ProactiveRefresher(
        resolver, cache, clock, Duration.ofDays(1), 4, 2.0, RandomGenerator.of("L64X128MixRandom"));
  }

  private static InMemoryResolver.Builder base() {
    return InMemoryResolver.builder().a(HOST, "127.0.0.1");
  }

  private static InMemoryResolver published(String id) {
    return base().txt("_mta-sts." + DOMAIN, "v=STSv1; id=" + id).build();
  }

  private static String policy(String mode, long maxAge) {
    return "version: STSv1\r\nmode: "
        + mode
        + "\r\nmx: mx.example.com\r\nmx: *.example.net\r\n"
        + "max_age: "
        + maxAge
        + "\r\n";
  }

  private static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  private static PolicyResolution.Found found(PolicyResolution r) {
    assertThat(r).isInstanceOf(PolicyResolution.Found.class);
    return (PolicyResolution.Found) r;
  }

  private static PolicyResolution.NoPolicy noPolicy(PolicyResolution r) {
    assertThat(r).isInstanceOf(PolicyResolution.NoPolicy.class);
    return (PolicyResolution.NoPolicy) r;
  }

  /** DNS whose records the test swaps, counting {@code _mta-sts} questions. */
  static final class SwitchableDns implements DnsResolver {
    private volatile DnsResolver current = InMemoryResolver.builder().build();
    final AtomicInteger txtQueries = new AtomicInteger();

    void set(DnsResolver resolver) {
      current = resolver;
    }

    void set(InMemoryResolver.Builder builder) {
      current = builder.build();
    }

    @Override
    public DnsAnswer<String> txt(String name) {
      txtQueries.incrementAndGet();
      return current.txt(name);
    }

    @Override
    public DnsAnswer<MxRecord> mx(String domain) {
      return current.mx(domain);
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
      return current.addresses(host);
    }

    @Override
    public DnsAnswer<TlsaRecord> tlsa(String name) {
      return current.tlsa(name);
    }
  }
}
