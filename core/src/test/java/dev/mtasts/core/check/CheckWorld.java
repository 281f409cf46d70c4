package dev.mtasts.core.check;

import static dev.mtasts.core.testing.LoopbackServer.ascii;

import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.probe.ProbeSettings;
import dev.mtasts.core.probe.SmtpProbe;
import dev.mtasts.core.testing.LoopbackServer;
import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Authority;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small world for one checked domain, {@code example.com}: DNS from an {@link InMemoryResolver},
 * one HTTPS policy server and one SMTP server on loopback, certificates from a test CA. Every
 * {@code 127.0.0.1} address reaches these servers; {@code 127.0.0.2} reaches nothing.
 */
final class CheckWorld implements AutoCloseable {

  static final Instant NOW = Instant.now();
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String DOMAIN = "example.com";
  static final String POLICY_HOST = "mta-sts.example.com";
  static final String MX = "mx.example.com";
  static final Authority ROOT = TestCertificates.rootCa("Check Root", NOW);
  static final Authority CA = ROOT.intermediate("Check Intermediate");
  static final TrustAnchors ANCHORS = TrustAnchors.of(List.of(ROOT.certificate()));
  static final String ENFORCE =
      "version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 604800\r\n";
  static final String EHLO_STARTTLS = "250-mx.example.com\r\n250-PIPELINING\r\n250 STARTTLS\r\n";

  private final List<LoopbackServer> servers = new ArrayList<>();
  private int httpsPort = 1;
  private int smtpPort = 1;

  /** The records of a healthy domain: record, policy host, one MX, TLS-RPT, SPF, DMARC. */
  static InMemoryResolver.Builder healthyDns() {
    return InMemoryResolver.builder()
        .txt("_mta-sts.example.com", "v=STSv1; id=20260101T000000;")
        .a(POLICY_HOST, "127.0.0.1")
        .mx(DOMAIN, 10, MX)
        .a(MX, "127.0.0.1")
        .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")
        .txt(DOMAIN, "v=spf1 mx -all")
        .txt("_dmarc.example.com", "v=DMARC1; p=reject");
  }

  /** An HTTPS server presenting {@code context} that answers every request with {@code raw}. */
  CheckWorld https(SSLContext context, String raw) throws Exception {
    LoopbackServer server =
        LoopbackServer.start(
            socket -> {
              SSLSocket tls = LoopbackServer.serverTls(socket, context);
              LoopbackServer.readHead(tls.getInputStream());
              tls.getOutputStream().write(ascii(raw));
              tls.getOutputStream().flush();
            });
    servers.add(server);
    httpsPort = server.port();
    return this;
  }

  /** The policy host serving {@code policy} as text/plain with a valid certificate. */
  CheckWorld policy(String policy) throws Exception {
    return https(CA.issue(POLICY_HOST).serverContext(), ok(policy));
  }

  static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /**
   * An SMTP server: greets, answers EHLO with {@code ehlo}, STARTTLS with 220 and a handshake with
   * {@code context} limited to {@code protocols}, QUIT with 221.
   */
  CheckWorld smtp(String ehlo, SSLContext context, String... protocols) throws Exception {
    LoopbackServer server =
        LoopbackServer.start(
            socket -> {
              Socket current = socket;
              InputStream in = current.getInputStream();
              OutputStream out = current.getOutputStream();
              out.write(ascii("220 mx.example.com ESMTP\r\n"));
              for (String line = LoopbackServer.readLine(in);
                  line != null;
                  line = LoopbackServer.readLine(in)) {
                switch (line.split(" ")[0].toUpperCase(Locale.ROOT)) {
                  case "EHLO" -> out.write(ascii(ehlo));
                  case "STARTTLS" -> {
                    out.write(ascii("220 go ahead\r\n"));
                    out.flush();
                    try {
                      SSLSocket tls = LoopbackServer.serverTls(current, context, protocols);
                      current = tls;
                      in = tls.getInputStream();
                      out = tls.getOutputStream();
                    } catch (java.io.IOException e) {
                      return; // the client refused our TLS: part of the scenario
                    }
                  }
                  case "QUIT" -> {
                    out.write(ascii("221 bye\r\n"));
                    out.flush();
                    return;
                  }
                  default -> out.write(ascii("500 unknown\r\n"));
                }
                out.flush();
              }
            });
    servers.add(server);
    smtpPort = server.port();
    return this;
  }

  /** A healthy MX: STARTTLS with a valid certificate for {@link #MX}. */
  CheckWorld goodMx() throws Exception {
    return smtp(EHLO_STARTTLS, CA.issue(MX).serverContext());
  }

  /** An SMTP server that accepts connections and never says anything. */
  CheckWorld silentSmtp(java.util.concurrent.CountDownLatch release) throws Exception {
    LoopbackServer server = LoopbackServer.start(socket -> release.await());
    servers.add(server);
    smtpPort = server.port();
    return this;
  }

  DomainChecker checker(DnsResolver dns, UnaryOperator<CheckOptions> options) {
    Duration step = Duration.ofSeconds(3);
    return new DomainChecker(
        dns,
        new PolicyFetcher(
            FetchSettings.defaults()
                .withPort(httpsPort)
                .withTimeouts(step, step, step)
                .withPrivateAddresses(true),
            ANCHORS,
            CLOCK),
        new SmtpProbe(
            ProbeSettings.defaults("checker.test")
                .withPort(smtpPort)
                .withTimeouts(step, step, step.multipliedBy(2)),
            ANCHORS,
            CLOCK),
        CLOCK,
        options.apply(
            CheckOptions.defaults()
                .withDeadline(Duration.ofSeconds(20))
                .withPrivateAddresses(true)));
  }

  DomainReport check(InMemoryResolver.Builder dns) {
    return checker(dns.build(), o -> o).check(DOMAIN);
  }

  @Override
  public void close() throws Exception {
    for (LoopbackServer server : servers) {
      server.close();
    }
  }
}
