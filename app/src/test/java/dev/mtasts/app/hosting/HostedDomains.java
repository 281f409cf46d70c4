package dev.mtasts.app.hosting;

import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.lab.ca.IssuedCertificate;
import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Hosted domains for tests: a private lab CA, and for each domain a certificate for {@code
 * mta-sts.<domain>} written as PEM files, as an operator's certbot would leave them.
 */
public final class HostedDomains {

  final LabCa ca = LabCa.create(Clock.systemUTC());
  final Path dir;
  final Path caFile;

  public HostedDomains(Path dir) throws IOException {
    this.dir = dir;
    this.caFile = dir.resolve("ca.pem");
    Files.writeString(caFile, ca.rootPem());
  }

  /** Issues and writes a certificate for {@code mta-sts.<domain>}; returns its PEM files. */
  public CertificateSource.PemFiles issue(String domain, CertificateKind kind) throws IOException {
    IssuedCertificate c = ca.issue(HostedDomain.HOST_PREFIX + domain, kind);
    return write(domain, c);
  }

  CertificateSource.PemFiles write(String domain, IssuedCertificate c) throws IOException {
    Path cert = dir.resolve(domain + ".pem");
    Path key = dir.resolve(domain + ".key");
    Files.writeString(cert, LabCa.pem(c.chain()));
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      // PKCS#8 "PRIVATE KEY", as certbot writes it
      w.writeObject(new JcaPKCS8Generator(c.key(), null));
    }
    Files.writeString(key, out.toString());
    return new CertificateSource.PemFiles(cert, key);
  }

  static Policy policy(Mode mode, String... mx) {
    return new Policy(mode, List.of(mx).stream().map(MxPattern::new).toList(), 86_400, List.of());
  }

  /** A config on a free loopback port hosting each domain in testing mode with a fresh cert. */
  PolicyHostConfig config(String... domains) throws IOException {
    return config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), domains);
  }

  PolicyHostConfig config(InetSocketAddress listen, String... domains) throws IOException {
    List<HostedDomain> hosted = new java.util.ArrayList<>();
    for (String d : domains) {
      hosted.add(
          new HostedDomain(d, policy(Mode.TESTING, "mx1." + d), issue(d, CertificateKind.VALID)));
    }
    return new PolicyHostConfig(listen, hosted);
  }
}
