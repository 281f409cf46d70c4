package dev.mtasts.app.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.core.policy.Mode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload that changes {@code policy_host.listen}: the new address is bound first, then the old
 * listener closes; when the new one cannot be bound, or anything else in the reload is wrong, the
 * reload is refused whole and the old listener goes on serving the old configuration.
 */
class PolicyListenMoveTest {

  @TempDir Path dir;
  private HostedDomains hosted;
  private PolicyHosting hosting;

  @BeforeEach
  void start() throws Exception {
    hosted = new HostedDomains(dir);
    hosting = PolicyHosting.start(hosted.config("a.test"), new PemCertificates());
  }

  @AfterEach
  void stop() {
    if (hosting != null) {
      hosting.close();
    }
  }

  private PolicyHostConfig at(InetSocketAddress listen, HostedDomain... domains) {
    return new PolicyHostConfig(
        listen,
        domains.length == 0 ? hosting.config().domains() : List.of(domains),
        hosting.config().acmeHttpListen(),
        hosting.config().monitorInterval());
  }

  private String policyAt(InetSocketAddress address) throws Exception {
    try (TlsClient client = new TlsClient(hosted.ca.root(), address, "mta-sts.a.test")) {
      TlsClient.Response r = client.get(PolicyHandler.PATH);
      assertThat(r.status()).isEqualTo(200);
      return r.body();
    }
  }

  private static void refusesConnections(InetSocketAddress address) {
    assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
        .isInstanceOf(ConnectException.class);
  }

  private static InetSocketAddress loopback(String address, int port) throws IOException {
    return new InetSocketAddress(InetAddress.getByName(address), port);
  }

  /** A port free on 127.0.0.1 a moment ago. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aNewAddressIsServedAndTheOldOneIsClosed() throws Exception {
    InetSocketAddress before = hosting.address();
    String policy = policyAt(before);
    assertThat(hosting.apply(at(loopback("127.0.0.2", 0)))).isTrue();
    InetSocketAddress after = hosting.address();
    assertThat(after.getAddress().getHostAddress()).isEqualTo("127.0.0.2");
    assertThat(policyAt(after)).isEqualTo(policy);
    refusesConnections(before);
    // the old port is free again: moving back to it works
    assertThat(hosting.apply(at(before))).isTrue();
    assertThat(hosting.address()).isEqualTo(before);
    assertThat(policyAt(before)).isEqualTo(policy);
    refusesConnections(after);
  }

  @Test
  void aConnectionOpenBeforeTheMoveIsAnsweredStill() throws Exception {
    InetSocketAddress before = hosting.address();
    try (TlsClient open = new TlsClient(hosted.ca.root(), before, "mta-sts.a.test")) {
      assertThat(open.get(PolicyHandler.PATH).status()).isEqualTo(200);
      assertThat(hosting.apply(at(loopback("127.0.0.2", 0)))).isTrue();
      assertThat(open.get(PolicyHandler.PATH).status()).isEqualTo(200);
    }
    refusesConnections(before);
  }

  @Test
  void aBusyAddressIsRefusedWholeAndTheOldListenerServesTheOldPolicy() throws Exception {
    InetSocketAddress before = hosting.address();
    String policy = policyAt(before);
    HostedDomain a = hosting.config().domain("a.test").orElseThrow();
    HostedDomain enforced =
        new HostedDomain(
            "a.test", HostedDomains.policy(Mode.ENFORCE, "mx1.a.test"), a.certificate());
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.3"))) {
      InetSocketAddress taken = loopback("127.0.0.3", busy.getLocalPort());
      assertThat(hosting.apply(at(taken, enforced))).isFalse();
    }
    assertThat(hosting.address()).isEqualTo(before);
    assertThat(hosting.config().listen()).isNotEqualTo(loopback("127.0.0.3", 0));
    assertThat(policyAt(before)).isEqualTo(policy).contains("mode: testing");
  }

  @Test
  void aBadCertificateWithANewAddressLeavesTheNewAddressUnbound() throws Exception {
    InetSocketAddress before = hosting.address();
    int port = freePort();
    HostedDomain broken =
        new HostedDomain(
            "a.test",
            HostedDomains.policy(Mode.ENFORCE, "mx1.a.test"),
            new CertificateSource.PemFiles(dir.resolve("none.pem"), dir.resolve("none.key")));
    assertThat(hosting.apply(at(loopback("127.0.0.1", port), broken))).isFalse();
    refusesConnections(loopback("127.0.0.1", port));
    assertThat(hosting.address()).isEqualTo(before);
    assertThat(policyAt(before)).contains("mode: testing");
    // a later reload with the same address and good certificates does move
    assertThat(hosting.apply(at(loopback("127.0.0.1", port)))).isTrue();
    assertThat(hosting.address().getPort()).isEqualTo(port);
  }

  @Test
  void theSameAddressKeepsTheListener() throws Exception {
    InetSocketAddress before = hosting.address();
    try (TlsClient open = new TlsClient(hosted.ca.root(), before, "mta-sts.a.test")) {
      assertThat(hosting.apply(at(hosting.config().listen()))).isTrue();
      assertThat(hosting.address()).isEqualTo(before);
      assertThat(open.get(PolicyHandler.PATH).status()).isEqualTo(200);
      assertThat(open.get(PolicyHandler.PATH).head())
          .doesNotContainIgnoringCase("connection: close");
    }
  }
}
