package dev.mtasts.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private static final TrustedProxies PROXIES =
      TrustedProxies.of(List.of("127.0.0.0/8", "10.1.0.0/16", "2001:db8:1::/48", "192.0.2.7"));

  private static String client(TrustedProxies proxies, String peer, String... xff)
      throws Exception {
    return proxies
        .client(TrustedProxies.literal(peer).orElseThrow(), List.of(xff))
        .getHostAddress();
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsNeverBelieved() throws Exception {
    assertThat(client(TrustedProxies.NONE, "127.0.0.1", "203.0.113.9")).isEqualTo("127.0.0.1");
    assertThat(client(TrustedProxies.NONE, "198.51.100.1", "203.0.113.9"))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void aPeerThatIsNoTrustedProxyCannotSpoofItsAddress() throws Exception {
    assertThat(client(PROXIES, "198.51.100.1", "203.0.113.9")).isEqualTo("198.51.100.1");
    assertThat(client(PROXIES, "198.51.100.1", "127.0.0.1")).isEqualTo("198.51.100.1");
    assertThat(client(PROXIES, "10.2.0.1", "203.0.113.9")).isEqualTo("10.2.0.1"); // not /16
    assertThat(client(PROXIES, "192.0.2.8", "203.0.113.9")).isEqualTo("192.0.2.8");
  }

  @Test
  void theRightMostAddressNotItselfTrustedIsTheClient() throws Exception {
    assertThat(client(PROXIES, "127.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
    // a client's own header is to the left of what the proxies appended
    assertThat(client(PROXIES, "127.0.0.1", "1.1.1.1, 203.0.113.9, 10.1.2.3"))
        .isEqualTo("203.0.113.9");
    assertThat(client(PROXIES, "127.0.0.1", "1.1.1.1", "203.0.113.9, 192.0.2.7"))
        .isEqualTo("203.0.113.9");
    // every hop trusted: the left-most is the client
    assertThat(client(PROXIES, "127.0.0.1", "10.1.0.5, 127.0.0.2")).isEqualTo("10.1.0.5");
    assertThat(client(PROXIES, "127.0.0.1")).isEqualTo("127.0.0.1"); // no header
    assertThat(client(PROXIES, "2001:db8:1:ffff::1", "[2001:db8:2::5]:4711"))
        .isEqualTo("2001:db8:2:0:0:0:0:5");
    assertThat(client(PROXIES, "127.0.0.1", "203.0.113.9:5555")).isEqualTo("203.0.113.9");
  }

  @Test
  void anEntryThatIsNoAddressStopsAtTheProxyThatAddedIt() throws Exception {
    for (String bad :
        List.of("unknown", "", "300.1.1.1", "example.org", "1.2.3", "[::1", "::1%eth0", "_")) {
      assertThat(client(PROXIES, "127.0.0.1", "203.0.113.9, " + bad))
          .as(bad)
          .isEqualTo("127.0.0.1");
    }
    assertThat(client(PROXIES, "127.0.0.1", "nonsense, 10.1.9.9")).isEqualTo("10.1.9.9");
  }

  @Test
  void badNetworksAreRefusedWithTheEntry() throws Exception {
    for (String bad :
        List.of("10.0.0.0/33", "::/129", "example.org", "10.0.0.0/", "10.0.0.0/x", "256.0.0.0/8")) {
      assertThatThrownBy(() -> TrustedProxies.of(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
    assertThat(
            TrustedProxies.of(List.of("0.0.0.0/0"))
                .trusts(TrustedProxies.literal("8.8.8.8").orElseThrow()))
        .isTrue();
    assertThat(
            TrustedProxies.of(List.of("0.0.0.0/0"))
                .trusts(TrustedProxies.literal("::1").orElseThrow()))
        .isFalse();
  }
}
