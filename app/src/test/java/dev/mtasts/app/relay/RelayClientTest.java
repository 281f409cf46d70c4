package dev.mtasts.app.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.tls.TrustAnchors;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the relay client decides before and without a relay to talk to. */
class RelayClientTest {

  private static final byte[] MESSAGE =
      "From: <a@example.net>\r\nTo: <b@example.org>\r\nSubject: x\r\n\r\nbody\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private static RelayClient client(int port) {
    return new RelayClient(
        new RelayConfig(
            "alerts.channels.email", "127.0.0.1", port, RelayTls.NONE, Optional.empty()),
        TrustAnchors.jdkDefault(),
        "example.net",
        Duration.ofSeconds(5));
  }

  @Test
  void nothingListeningIsUnreachableAndRetried() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    RelayResult result = client(port).send("a@example.net", List.of("b@example.org"), MESSAGE);

    assertThat(result)
        .isInstanceOfSatisfying(
            RelayResult.Failed.class,
            f -> {
              assertThat(f.code()).isEqualTo("RELAY_UNREACHABLE");
              assertThat(f.permanent()).isFalse();
              assertThat(f.detail()).startsWith("relay 127.0.0.1:" + port + ": ");
            });
  }

  @Test
  void aRecipientThatIsNoAddressIsRefusedForGoodWithoutConnecting() {
    // port 1: a connection attempt would fail as unreachable, not as refused
    RelayResult result = client(1).send("a@example.net", List.of("not an address"), MESSAGE);

    assertThat(result)
        .isEqualTo(
            new RelayResult.Failed("RELAY_REFUSED", "not a mail address: not an address", true));
  }
}
