package dev.mtasts.app.lab;

import dev.mtasts.app.lab.ca.IssuedCertificate;
import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.app.lab.dns.Zone;
import dev.mtasts.app.lab.https.PolicyHostServer;
import dev.mtasts.app.lab.https.PolicyResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The scenarios made concrete: an address and a certificate for every host, the policy each policy
 * host serves, and the {@code test.} zone that ties them together. Policy hosts live on 127.0.1.N,
 * MX hosts on 127.0.2.N, and unreachable MX hosts on 127.0.3.N, where nothing listens; past the
 * 254th of a kind (bulk domains) they continue on 127.1.X.Y, 127.2.X.Y and 127.3.X.Y.
 */
final class World {

  static final long TTL = 300;
  static final String ZONE = "test.";

  /** The 70 KiB a {@link PolicyServing#HUGE} body is padded to: over the 64 KiB limit. */
  static final int HUGE_BODY_BYTES = 70 * 1024;

  /** A policy host to run. */
  record PolicySite(
      Scenario scenario,
      InetAddress address,
      IssuedCertificate certificate,
      PolicyResponse response) {}

  /** An MX host to run (or, when unreachable, only to publish). */
  record MailHost(
      Scenario scenario, MxHost mx, InetAddress address, IssuedCertificate certificate) {}

  private final List<PolicySite> sites = new ArrayList<>();
  private final List<MailHost> mailHosts = new ArrayList<>();
  private final List<IssuedCertificate> certificates = new ArrayList<>();
  private final Zone zone;

  private World(List<Scenario> scenarios, LabCa ca) {
    List<Record> records = new ArrayList<>();
    Name apex = name(ZONE);
    Name nameServer = name("ns." + ZONE);
    records.add(new NSRecord(apex, DClass.IN, TTL, nameServer));
    records.add(new ARecord(nameServer, DClass.IN, TTL, address(127, 0, 0, 1)));
    int reachable = 0;
    int unreachable = 0;
    for (Scenario scenario : scenarios) {
      String domain = scenario.domain();
      Setup setup = scenario.setup();
      Name owner = name(domain + ".");
      for (MxHost mx : setup.mx()) {
        boolean listens = mx.smtp() != SmtpBehaviour.UNREACHABLE;
        InetAddress address = listens ? hostAddress(2, ++reachable) : hostAddress(3, ++unreachable);
        IssuedCertificate certificate = ca.issue(mx.name(), mx.certificate());
        certificates.add(certificate);
        mailHosts.add(new MailHost(scenario, mx, address, certificate));
        Name host = name(mx.name() + ".");
        records.add(new MXRecord(owner, DClass.IN, TTL, mx.preference(), host));
        records.add(new ARecord(host, DClass.IN, TTL, address));
        if (mx.tlsa()) {
          records.add(tlsa(mx.name(), certificate));
        }
      }
      records.add(txt(owner, "v=spf1 mx -all"));
      setup.apexTxt().forEach(text -> records.add(txt(owner, text)));
      records.add(
          txt(name("_dmarc." + domain + "."), "v=DMARC1; p=reject; rua=mailto:dmarc@" + domain));
      records.add(txt(name("lab._domainkey." + domain + "."), dkimRecord(domain)));
      addStsRecords(records, domain, setup);
      setup
          .tlsrptRecord()
          .ifPresent(text -> records.add(txt(name("_smtp._tls." + domain + "."), text)));
      if (setup.policyHost()) {
        InetAddress address = hostAddress(1, sites.size() + 1);
        IssuedCertificate certificate = ca.issue(scenario.policyHost(), setup.policyCertificate());
        certificates.add(certificate);
        sites.add(new PolicySite(scenario, address, certificate, response(scenario)));
        records.add(new ARecord(name(scenario.policyHost() + "."), DClass.IN, TTL, address));
      }
    }
    SOARecord soa =
        new SOARecord(
            apex,
            DClass.IN,
            TTL,
            nameServer,
            name("hostmaster." + ZONE),
            1,
            3600,
            600,
            86_400,
            TTL);
    this.zone = new Zone(soa, records);
  }

  static World build(List<Scenario> scenarios, LabCa ca) {
    return new World(scenarios, ca);
  }

  List<PolicySite> sites() {
    return List.copyOf(sites);
  }

  List<MailHost> mailHosts() {
    return List.copyOf(mailHosts);
  }

  List<IssuedCertificate> certificates() {
    return List.copyOf(certificates);
  }

  Zone zone() {
    return zone;
  }

  /** RFC 8461 §3.1: the TXT record(s) at {@code _mta-sts}, directly or behind a CNAME. */
  private static void addStsRecords(List<Record> records, String domain, Setup setup) {
    Name owner = name("_mta-sts." + domain + ".");
    if (setup.stsViaCname() && !setup.stsRecords().isEmpty()) {
      Name target = name("sts-records." + domain + ".");
      records.add(new CNAMERecord(owner, DClass.IN, TTL, target));
      owner = target;
    }
    for (String text : setup.stsRecords()) {
      records.add(txt(owner, text));
    }
  }

  private static PolicyResponse response(Scenario scenario) {
    String policy = scenario.setup().policyText();
    return switch (scenario.setup().serving()) {
      case POLICY -> PolicyResponse.ok("text/plain; charset=utf-8", policy);
      case NOT_FOUND -> PolicyResponse.status(404, "Not Found");
      case REDIRECT ->
          PolicyResponse.redirect(
              "https://www." + scenario.domain() + PolicyHostServer.POLICY_PATH);
      case HTML -> PolicyResponse.ok("text/html; charset=utf-8", policy);
      case HUGE -> PolicyResponse.ok("text/plain; charset=utf-8", pad(policy, scenario));
      case BLANK_LINE_AT_END -> PolicyResponse.ok("text/plain; charset=utf-8", policy + "\r\n");
    };
  }

  /** The policy followed by repeats of its first mx line, up to {@link #HUGE_BODY_BYTES}. */
  private static String pad(String policy, Scenario scenario) {
    String line = "mx: " + scenario.setup().mxPatterns().getFirst() + "\r\n";
    StringBuilder body = new StringBuilder(policy);
    while (body.length() + line.length() <= HUGE_BODY_BYTES) {
      body.append(line);
    }
    return body.append(" ".repeat(HUGE_BODY_BYTES - body.length())).toString();
  }

  /** RFC 7672 §3.1.1: DANE-EE(3) SPKI(1) SHA-256(1) of the MX's key. */
  private static Record tlsa(String host, IssuedCertificate certificate) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(certificate.leaf().getPublicKey().getEncoded());
      return new TLSARecord(
          name("_25._tcp." + host + "."),
          DClass.IN,
          TTL,
          TLSARecord.CertificateUsage.DOMAIN_ISSUED_CERTIFICATE,
          TLSARecord.Selector.SUBJECT_PUBLIC_KEY_INFO,
          TLSARecord.MatchingType.SHA256,
          digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * A DKIM key record (RFC 6376 §3.6.1) of realistic length: over 255 bytes, so it needs several
   * character-strings. The key bytes are derived from the domain so the zone is stable.
   */
  private static String dkimRecord(String domain) {
    byte[] key = new byte[294];
    new Random(domain.hashCode()).nextBytes(key);
    return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key);
  }

  /** A TXT record, split into character-strings of at most 255 bytes (RFC 1035 §3.3.14). */
  static Record txt(Name owner, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    List<String> strings = new ArrayList<>();
    for (int from = 0; from < bytes.length; from += 255) {
      strings.add(
          new String(bytes, from, Math.min(255, bytes.length - from), StandardCharsets.US_ASCII));
    }
    return new TXTRecord(owner, DClass.IN, TTL, strings);
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + text, e);
    }
  }

  /** The {@code index}-th host (from 1) of a kind: 127.0.KIND.N up to 254, then 127.KIND.X.Y. */
  private static InetAddress hostAddress(int kind, int index) {
    if (index <= 254) {
      return address(127, 0, kind, index);
    }
    int spill = index - 255;
    if (spill >= 254 * 255) {
      throw new IllegalStateException("the lab has too many hosts of one kind: " + index);
    }
    return address(127, kind, 1 + spill / 254, 1 + spill % 254);
  }

  private static InetAddress address(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
