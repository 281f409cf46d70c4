package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsjavaResolver;
import dev.mtasts.core.testing.KnotServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keys from a real authoritative server (Knot, loopback) through the production resolver: a
 * 2048-bit RSA key split into several character-strings, an Ed25519 key, a selector delegated by
 * CNAME (as Microsoft 365 customers publish theirs), a missing selector, and a server that does not
 * answer.
 */
class KnotKeyLookupTest {

  private static KnotServer knot;
  private static DnsjavaResolver dns;

  @BeforeAll
  static void start() throws Exception {
    KnotServer.assumeAvailable();
    String zone =
        """
        $TTL 300
        @ IN SOA ns.example.org. hostmaster.example.org. 1 3600 600 86400 300
        @ IN NS ns
        ns IN A 127.0.0.1
        rsa._domainkey IN TXT %s
        ed._domainkey IN TXT "%s"
        delegated._domainkey IN CNAME ed-example-org._domainkey.provider.example.org.
        ed-example-org._domainkey.provider IN TXT "%s"
        """
            .formatted(
                characterStrings(TestKeys.record(TestKeys.RSA, "")),
                TestKeys.record(TestKeys.ED25519, ""),
                TestKeys.record(TestKeys.ED25519, ""));
    knot = KnotServer.serve("example.org", zone);
    dns =
        new DnsjavaResolver(
            DnsOptions.defaults()
                .withServer(knot.address())
                .withTimeout(Duration.ofSeconds(2))
                .withRetries(1));
  }

  @AfterAll
  static void stop() throws Exception {
    if (knot != null) {
      knot.close();
    }
  }

  private static DkimVerification verify(DnsjavaResolver resolver, String selector) {
    var key =
        selector.startsWith("rsa") ? TestKeys.RSA.getPrivate() : TestKeys.ED25519.getPrivate();
    byte[] signed =
        new DkimSigner(TestKeys.DOMAIN, selector, key, TestKeys.AT_SIGNING)
            .sign(Rfc8463.bytes(TestKeys.MESSAGE));
    return new DkimVerifier(resolver, TestKeys.AT_SIGNING).verify(signed);
  }

  @Test
  void keysServedByDnsVerify() {
    assertThat(verify(dns, "rsa").verdict().reason()).isEqualTo(DkimReason.SIGNATURE_VERIFIED);
    assertThat(verify(dns, "ed").verdict().reason()).isEqualTo(DkimReason.SIGNATURE_VERIFIED);
    assertThat(verify(dns, "delegated").verdict().reason())
        .isEqualTo(DkimReason.SIGNATURE_VERIFIED);
  }

  @Test
  void aMissingSelectorIsAPermanentError() {
    assertThat(verify(dns, "rsa-old").verdict().reason()).isEqualTo(DkimReason.KEY_NOT_FOUND);
  }

  @Test
  void aServerThatDoesNotAnswerIsATemporaryError() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      DnsjavaResolver unanswered =
          new DnsjavaResolver(
              DnsOptions.defaults()
                  .withServer(
                      new InetSocketAddress(
                          InetAddress.getLoopbackAddress(), silent.getLocalPort()))
                  .withTimeout(Duration.ofMillis(500))
                  .withRetries(0));

      DkimVerdict verdict = verify(unanswered, "ed").verdict();

      assertThat(verdict.result()).isEqualTo(DkimResult.TEMPERROR);
      assertThat(verdict.reason()).isEqualTo(DkimReason.KEY_LOOKUP_FAILED);
    }
  }

  /** A record as quoted character-strings of at most 255 octets (RFC 1035 §3.3.14). */
  private static String characterStrings(String record) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < record.length(); i += 200) {
      parts.add("\"" + record.substring(i, Math.min(record.length(), i + 200)) + "\"");
    }
    assertThat(parts).hasSizeGreaterThan(1);
    return String.join(" ", parts);
  }
}
