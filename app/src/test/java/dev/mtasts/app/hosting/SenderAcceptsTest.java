package dev.mtasts.app.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.fetch.FetchFailure;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.PolicyFetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.tls.TrustAnchors;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What we serve is what a strict sender accepts: the core's {@link PolicyFetcher} (used by {@code
 * check}, {@code query} and the resolver) fetches each hosted policy with its certificate trusted
 * and named, status 200, text/plain, and the strict parser reads it without a warning.
 */
class SenderAcceptsTest {

  @TempDir Path dir;
  private HostedDomains hosted;
  private PolicyHosting hosting;
  private PolicyFetcher fetcher;

  @BeforeEach
  void start() throws Exception {
    hosted = new HostedDomains(dir);
    hosting = PolicyHosting.start(hosted.config("a.test", "b.test"), new PemCertificates());
    fetcher =
        new PolicyFetcher(
            FetchSettings.defaults()
                .withPort(hosting.address().getPort())
                .withPrivateAddresses(true),
            TrustAnchors.of(List.of(hosted.ca.root())),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    hosting.close();
  }

  @Test
  void theCoreFetcherAcceptsEveryHostedPolicy() {
    for (String domain : List.of("a.test", "b.test")) {
      PolicyFetchResult r = fetcher.fetch(domain, List.of(InetAddress.getLoopbackAddress()));
      assertThat(r).as(r.toString()).isInstanceOf(PolicyFetchResult.Fetched.class);
      assertThat(r.acceptableForSender()).isTrue();
      PolicyFetchResult.Fetched fetched = (PolicyFetchResult.Fetched) r;
      ParseResult<Policy> parsed = Policy.parse(fetched.body());
      assertThat(parsed.warnings()).isEmpty();
      assertThat(parsed.orThrow()).isEqualTo(hosting.policy(domain).orElseThrow().policy());
    }
  }

  @Test
  void anExpiredCertificateIsServedButNoSenderAcceptsIt() throws Exception {
    HostedDomain expired =
        new HostedDomain(
            "a.test",
            hosting.config().domain("a.test").orElseThrow().policy(),
            hosted.issue("a.test", CertificateKind.EXPIRED));
    assertThat(hosting.apply(new PolicyHostConfig(hosting.config().listen(), List.of(expired))))
        .isTrue();
    PolicyFetchResult r = fetcher.fetch("a.test", List.of(InetAddress.getLoopbackAddress()));
    assertThat(r)
        .isInstanceOfSatisfying(
            PolicyFetchResult.Failed.class,
            f -> assertThat(f.failure()).isEqualTo(FetchFailure.CERTIFICATE_EXPIRED));
  }

  @Test
  void aDomainThatIsNotHostedGetsNoPolicy() {
    PolicyFetchResult r = fetcher.fetch("c.test", List.of(InetAddress.getLoopbackAddress()));
    assertThat(r).isInstanceOf(PolicyFetchResult.Failed.class);
  }
}
