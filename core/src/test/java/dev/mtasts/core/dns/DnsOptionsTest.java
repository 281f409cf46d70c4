package dev.mtasts.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsOptionsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:5353 | 127.0.0.1 | 5353",
        "127.0.0.1      | 127.0.0.1 | 53",
        "[::1]:5353     | ::1       | 5353",
        "[::1]          | ::1       | 53",
        "::1            | ::1       | 53",
        "127.0.0.1:65535| 127.0.0.1 | 65535",
        "localhost:5353 | 127.0.0.1 | 5353",
      })
  void good(String text, String address, int port) throws Exception {
    ParseResult<InetSocketAddress> parsed = DnsOptions.parseServer(text);

    assertThat(parsed.orThrow())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName(address), port));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:      | DNS_SERVER_PORT",
        "127.0.0.1:0     | DNS_SERVER_PORT",
        "127.0.0.1:65536 | DNS_SERVER_PORT",
        "127.0.0.1:53a   | DNS_SERVER_PORT",
        "127.0.0.1:-1    | DNS_SERVER_PORT",
        "127.0.0.1:999999| DNS_SERVER_PORT",
        "[::1            | DNS_SERVER_SYNTAX",
        "[::1]x          | DNS_SERVER_SYNTAX",
        "[]:53           | DNS_SERVER_SYNTAX",
        ":53             | DNS_SERVER_SYNTAX",
        "'   '           | DNS_SERVER_SYNTAX",
        "dns.example.com | DNS_SERVER_NOT_IP",
        "1.2.3.4.5       | DNS_SERVER_NOT_IP",
        "fe80::1%eth0    | DNS_SERVER_NOT_IP",
        "256.0.0.1       | DNS_SERVER_NOT_IP",
        "1.2.3           | DNS_SERVER_NOT_IP",
        "::g             | DNS_SERVER_NOT_IP",
      })
  void bad(String text, String code) {
    ParseResult<InetSocketAddress> parsed = DnsOptions.parseServer(text);

    assertThat(parsed.errors()).extracting(p -> p.code()).containsExactly(code);
  }
}
