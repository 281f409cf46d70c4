package dev.mtasts.app.resolver;

import static dev.mtasts.core.testing.LoopbackServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.socketmap.Netstring;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.testing.LoopbackServer;
import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Authority;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Postfix with SMTPUTF8 passes a next hop in U-labels ({@code exämple.org}); the daemon looks up
 * and fetches the policy of its A-label ({@code xn--exmple-cua.org}), as DNS and TLS know it.
 */
class IdnNextHopTest {

  private static final String DOMAIN = "xn--exmple-cua.org";
  private static final String POLICY =
      "version: STSv1\nmode: enforce\nmx: mx." + DOMAIN + "\nmax_age: 86400\n";

  @Test
  void aULabelNextHopGetsTheALabelDomainsPolicy() throws Exception {
    Authority ca = TestCertificates.rootCa("IDN Root");
    AtomicInteger fetches = new AtomicInteger();
    try (LoopbackServer https =
        LoopbackServer.start(
            socket -> {
              SSLSocket tls =
                  LoopbackServer.serverTls(socket, ca.issue("mta-sts." + DOMAIN).serverContext());
              LoopbackServer.readHead(tls.getInputStream());
              fetches.incrementAndGet();
              OutputStream out = tls.getOutputStream();
              out.write(
                  ascii(
                      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                          + POLICY.length()
                          + "\r\n\r\n"
                          + POLICY));
              out.flush();
            })) {
      InMemoryResolver dns =
          InMemoryResolver.builder()
              .txt("_mta-sts." + DOMAIN, "v=STSv1; id=1")
              .a("mta-sts." + DOMAIN, https.address().getHostAddress())
              .mx(DOMAIN, 10, "mx." + DOMAIN)
              .build();
      String yaml =
          """
          host: 127.0.0.1
          port: 0
          mtasts:
            https_port: %d
            allow_private_addresses: true
          """
              .formatted(https.port());
      try (ResolverService service =
              ResolverService.start(
                  ResolverConfigReader.read(yaml).orThrow(),
                  new PolicySources(
                      timeout -> dns,
                      TrustAnchors.of(List.of(ca.certificate())),
                      Clock.systemUTC()),
                  new SystemdNotifier(Map.of(), cmd -> 0));
          Socket s = new Socket()) {
        s.connect(service.socketmapAddress());
        s.setSoTimeout(10_000);
        s.getOutputStream()
            .write(Netstring.encode("postfix ex\u00e4mple.org".getBytes(StandardCharsets.UTF_8)));
        String expected = "OK secure match=mx." + DOMAIN + " servername=hostname";
        assertThat(reply(s.getInputStream())).isEqualTo(expected.length() + ":" + expected + ",");
      }
      assertThat(fetches).hasValue(1);
    }
  }

  /** One netstring, read up to its closing comma. */
  private static String reply(InputStream in) throws IOException {
    StringBuilder reply = new StringBuilder();
    for (int b = in.read(); b >= 0; b = in.read()) {
      reply.append((char) b);
      if (b == ',') {
        break;
      }
    }
    return reply.toString();
  }
}
