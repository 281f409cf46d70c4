package dev.mtasts.app.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.testing.RequiredService;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy listener as senders and curl meet it: each hosted domain's policy with its own
 * certificate and the right headers; nothing for another path, another host, no SNI, plain HTTP,
 * old TLS; never a redirect (RFC 8461 §3.3).
 */
class PolicyHostingTest {

  private static final List<String> DOMAINS = List.of("a.test", "b.test", "c.test");

  @TempDir Path dir;
  private HostedDomains hosted;
  private PolicyHosting hosting;
  private Curl curl;

  @BeforeEach
  void start() throws Exception {
    RequiredService.assume(Curl.available(), "curl");
    hosted = new HostedDomains(dir);
    hosting =
        PolicyHosting.start(hosted.config(DOMAINS.toArray(String[]::new)), new PemCertificates());
    curl = new Curl(hosted.caFile, hosting.address(), dir);
  }

  @AfterEach
  void stop() {
    if (hosting != null) {
      hosting.close();
    }
  }

  private HostedPolicy policy(String domain) {
    return hosting.policy(domain).orElseThrow();
  }

  /** No policy text, no redirect, whatever else happened. */
  private static void noPolicy(Curl.Result r) {
    assertThat(r.body()).doesNotContain("STSv1");
    assertThat(r.status() / 100).isNotEqualTo(3);
    assertThat(r.header("Location")).isNull();
  }

  @Test
  void eachDomainGetsItsPolicyWithItsCertificateAndHeaders() throws Exception {
    for (String domain : DOMAINS) {
      Curl.Result r = curl.https("mta-sts." + domain, PolicyHandler.PATH);
      assertThat(r.exit()).as(r.log()).isZero();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(policy(domain).text());
      assertThat(r.body()).contains("mx: mx1." + domain + "\r\n").endsWith("\r\n");
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(r.header("ETag")).isEqualTo("\"" + policy(domain).id() + "\"");
      assertThat(r.header("Cache-Control")).isEqualTo("max-age=60");
      assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(policy(domain).length()));
      assertThat(r.log())
          .contains("subject: CN=mta-sts." + domain)
          .contains("subjectAltName: host \"mta-sts." + domain + "\" matched");
    }
  }

  @Test
  void headGetsTheHeadersWithoutBody() throws Exception {
    Curl.Result r = curl.https("mta-sts.a.test", PolicyHandler.PATH, "-I");
    assertThat(r.status()).isEqualTo(200);
    // with -I curl writes the head where the body would go
    assertThat(r.body()).isEqualTo(r.head()).doesNotContain("STSv1");
    assertThat(r.header("ETag")).isEqualTo(policy("a.test").etag());
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(policy("a.test").length()));
  }

  @Test
  void aMatchingIfNoneMatchIsNotModified() throws Exception {
    String etag = policy("a.test").etag();
    Curl.Result r =
        curl.https("mta-sts.a.test", PolicyHandler.PATH, "-H", "If-None-Match: " + etag);
    assertThat(r.status()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("ETag")).isEqualTo(etag);
  }

  @Test
  void anotherDomainsEtagIsNotAMatch() throws Exception {
    Curl.Result r =
        curl.https(
            "mta-sts.a.test",
            PolicyHandler.PATH,
            "-H",
            "If-None-Match: \"0123\", " + policy("b.test").etag());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(policy("a.test").text());
  }

  @Test
  void http2IsNegotiated() throws Exception {
    Curl.Result r = curl.https("mta-sts.b.test", PolicyHandler.PATH, "--http2");
    assertThat(r.head()).startsWith("HTTP/2 200");
    assertThat(r.body()).isEqualTo(policy("b.test").text());
    assertThat(r.log()).contains("ALPN: server accepted h2");
  }

  @Test
  void hostIsMatchedWithoutCaseAndWithItsPort() throws Exception {
    Curl.Result r =
        curl.https(
            "mta-sts.c.test",
            PolicyHandler.PATH,
            "-H",
            "Host: MTA-STS.C.Test:" + hosting.address().getPort());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(policy("c.test").text());
  }

  // --- nothing else gets a policy ---

  @Test
  void otherPathsAreNotFound() throws Exception {
    for (String path :
        List.of(
            "/",
            "/.well-known/",
            "/.well-known/mta-sts.txt/",
            "/.well-known/MTA-STS.TXT",
            "/.well-known/mta-sts.txt.bak",
            "/.well-known/mta-sts",
            "/mta-sts.txt",
            "/.well-known/mta-sts%2etxt",
            "//.well-known/mta-sts.txt",
            "/.well-known/../.well-known/mta-sts.txt/x")) {
      Curl.Result r = curl.https("mta-sts.a.test", path, "--path-as-is");
      assertThat(r.exit()).as(path).isZero();
      assertThat(r.status()).as(path).isIn(400, 404);
      noPolicy(r);
    }
  }

  @Test
  void aHostThatIsNotAHostedPolicyHostGetsNoPolicy() throws Exception {
    for (String host : List.of("a.test", "www.a.test", "mta-sts.d.test", "127.0.0.1", "")) {
      Curl.Result r = curl.https("mta-sts.a.test", PolicyHandler.PATH, "-H", "Host: " + host);
      assertThat(r.status()).as(host).isIn(400, 404);
      noPolicy(r);
    }
  }

  @Test
  void anotherHostedDomainsHostOnThisDomainsHandshakeGetsNoPolicy() throws Exception {
    Curl.Result r = curl.https("mta-sts.a.test", PolicyHandler.PATH, "-H", "Host: mta-sts.b.test");
    assertThat(r.status()).isIn(400, 404, 421);
    noPolicy(r);
  }

  @Test
  void http10WithoutHostGetsNoPolicy() throws Exception {
    Curl.Result r = curl.https("mta-sts.a.test", PolicyHandler.PATH, "-0", "-H", "Host;");
    assertThat(r.status()).as(r.log()).isIn(400, 404);
    noPolicy(r);
  }

  @Test
  void anUnknownSniGetsNoHandshake() throws Exception {
    Curl.Result r = curl.https("mta-sts.unknown.test", PolicyHandler.PATH);
    assertThat(r.exit()).as(r.log()).isEqualTo(35);
    noPolicy(r);
  }

  @Test
  void noSniGetsNoHandshake() throws Exception {
    // curl sends no SNI for an IP address; -k so that only the server can refuse
    Curl.Result r =
        curl.run(
            List.of("-k", "https://127.0.0.1:" + hosting.address().getPort() + PolicyHandler.PATH));
    assertThat(r.exit()).as(r.log()).isEqualTo(35);
    noPolicy(r);
  }

  @Test
  void plainHttpOnTheTlsPortGetsNoPolicy() throws Exception {
    Curl.Result r =
        curl.run(
            List.of(
                "--resolve",
                "mta-sts.a.test:" + hosting.address().getPort() + ":127.0.0.1",
                "http://mta-sts.a.test:" + hosting.address().getPort() + PolicyHandler.PATH));
    assertThat(r.exit()).as(r.log()).isNotZero();
    noPolicy(r);
  }

  @Test
  void tls11IsRefused() throws Exception {
    Curl.Result r =
        curl.https("mta-sts.a.test", PolicyHandler.PATH, "--tlsv1.1", "--tls-max", "1.1");
    assertThat(r.exit()).as(r.log()).isNotZero();
    noPolicy(r);
  }

  @Test
  void otherMethodsAreNotAllowed() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
      Curl.Result r = curl.https("mta-sts.a.test", PolicyHandler.PATH, "-X", method);
      assertThat(r.status()).as(method).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
      noPolicy(r);
    }
  }
}
