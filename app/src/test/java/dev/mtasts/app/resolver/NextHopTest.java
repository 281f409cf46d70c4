package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NextHopTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "example.com, example.com",
    "Example.COM., example.com",
    "[mx.example.com]:25, mx.example.com",
    "[mx.example.com], mx.example.com",
    "example.com:587, example.com",
    "bücher.example, xn--bcher-kva.example",
    "[BÜCHER.example.]:25, xn--bcher-kva.example",
    "xn--bcher-kva.example, xn--bcher-kva.example",
    "exämple.org, xn--exmple-cua.org"
  })
  void good(String key, String domain) {
    assertThat(NextHop.policyDomain(key)).contains(domain);
  }

  @ParameterizedTest(name = "no policy for {0}")
  @ValueSource(
      strings = {
        ".example.com",
        "192.0.2.1",
        "[192.0.2.1]:25",
        "[ipv6:2001:db8::1]",
        "[]",
        ".",
        "example.com..",
        "exa mple.com",
        "under_score.example",
        "xn--zz.example",
        "-bad.example"
      })
  void none(String key) {
    assertThat(NextHop.policyDomain(key)).isEmpty();
  }
}
