package dev.mtasts.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.DnssecStatus;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.dns.MxRecord;
import dev.mtasts.core.dns.TlsaRecord;
import dev.mtasts.core.resolve.DanePrecedence.Verdict;
import dev.mtasts.core.testing.SettableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8461 §2 and RFC 7672 §2.2: when DANE, not MTA-STS, decides a domain's delivery. */
class DanePrecedenceTest {

  private static final TlsaRecord TLSA = new TlsaRecord(3, 1, 1, new byte[32]);
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));

  @Test
  void secureMxAndSecureTlsaGoverns() {
    assertThat(check(signed().tlsa("_25._tcp.mx.example.com", TLSA)))
        .isEqualTo(new Verdict.Governs("mx.example.com"));
  }

  @Test
  void failedTlsaLookupBehindASecureMxFails() {
    for (DnsStatus failure :
        List.of(DnsStatus.SERVFAIL, DnsStatus.TIMEOUT, DnsStatus.BOGUS, DnsStatus.ERROR)) {
      assertThat(check(signed().fail("_25._tcp.mx.example.com", failure)))
          .as(failure.toString())
          .isInstanceOf(Verdict.Failed.class);
    }
  }

  @Test
  void bogusTlsaRecordsFail() {
    assertThat(
            check(
                signed()
                    .tlsa("_25._tcp.mx.example.com", TLSA)
                    .dnssec("_25._tcp.mx.example.com", DnssecStatus.BOGUS)))
        .isInstanceOf(Verdict.Failed.class);
  }

  @Test
  void failedMxLookupFails() {
    for (DnsStatus failure : List.of(DnsStatus.SERVFAIL, DnsStatus.TIMEOUT, DnsStatus.BOGUS)) {
      Verdict verdict = check(signed().fail("example.com", failure));
      assertThat(verdict).as(failure.toString()).isInstanceOf(Verdict.Failed.class);
      assertThat(((Verdict.Failed) verdict).reason()).contains("MX example.com", failure.name());
    }
  }

  @Test
  void aSecureHostWinsOverAFailingOne() {
    assertThat(
            check(
                signed()
                    .mx("example.com", 20, "mx2.example.com")
                    .fail("_25._tcp.mx.example.com", DnsStatus.SERVFAIL)
                    .tlsa("_25._tcp.mx2.example.com", TLSA)))
        .isEqualTo(new Verdict.Governs("mx2.example.com"));
  }

  @Test
  void unsignedMxIsNotApplicableEvenWithFailingTlsa() {
    assertThat(
            check(
                InMemoryResolver.builder()
                    .dnssecDefault(DnssecStatus.INSECURE)
                    .mx("example.com", 10, "mx.example.com")
                    .fail("_25._tcp.mx.example.com", DnsStatus.SERVFAIL)))
        .isInstanceOf(Verdict.NotApplicable.class);
  }

  @Test
  void indeterminateStatusesAreNotApplicable() {
    assertThat(
            check(
                InMemoryResolver.builder()
                    .mx("example.com", 10, "mx.example.com")
                    .tlsa("_25._tcp.mx.example.com", TLSA)))
        .isInstanceOf(Verdict.NotApplicable.class);
  }

  @Test
  void insecureTlsaDoesNotGovern() {
    assertThat(
            check(
                signed()
                    .tlsa("_25._tcp.mx.example.com", TLSA)
                    .dnssec("_25._tcp.mx.example.com", DnssecStatus.INSECURE)))
        .isInstanceOf(Verdict.NotApplicable.class);
  }

  @Test
  void noTlsaAndNoMxAreNotApplicable() {
    assertThat(check(signed())).isInstanceOf(Verdict.NotApplicable.class);
    assertThat(check(InMemoryResolver.builder().dnssecDefault(DnssecStatus.SECURE)))
        .isInstanceOf(Verdict.NotApplicable.class);
  }

  @Test
  void nullMxAsksForNoTlsa() {
    List<String> asked = new ArrayList<>();
    DnsResolver dns =
        counting(
            InMemoryResolver.builder()
                .dnssecDefault(DnssecStatus.SECURE)
                .nullMx("example.com")
                .build(),
            asked);
    assertThat(new DanePrecedence(dns, clock, Duration.ofMinutes(1)).check("example.com"))
        .isInstanceOf(Verdict.NotApplicable.class);
    assertThat(asked).isEmpty();
  }

  @Test
  void verdictsAreRememberedForTheirTtlOnly() {
    List<String> asked = new ArrayList<>();
    DnsResolver dns =
        counting(signed().fail("_25._tcp.mx.example.com", DnsStatus.TIMEOUT).build(), asked);
    DanePrecedence dane = new DanePrecedence(dns, clock, Duration.ofMinutes(1));
    assertThat(dane.fromMemory("example.com")).isEmpty();
    Verdict first = dane.check("example.com");
    assertThat(dane.fromMemory("example.com")).contains(first);
    dane.check("example.com");
    assertThat(asked).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(dane.fromMemory("example.com")).isEmpty();
    dane.check("example.com");
    assertThat(asked).hasSize(2);
  }

  private static InMemoryResolver.Builder signed() {
    return InMemoryResolver.builder()
        .dnssecDefault(DnssecStatus.SECURE)
        .mx("example.com", 10, "mx.example.com");
  }

  private Verdict check(InMemoryResolver.Builder dns) {
    return new DanePrecedence(dns.build(), clock, Duration.ofMinutes(1)).check("example.com");
  }

  /** Records every TLSA question. */
  private static DnsResolver counting(DnsResolver dns, List<String> asked) {
    return new DnsResolver() {
      @Override
      public DnsAnswer<String> txt(String name) {
        return dns.txt(name);
      }

      @Override
      public DnsAnswer<MxRecord> mx(String domain) {
        return dns.mx(domain);
      }

      @Override
      public DnsAnswer<InetAddress> addresses(String host) {
        return dns.addresses(host);
      }

      @Override
      public DnsAnswer<TlsaRecord> tlsa(String name) {
        asked.add(name);
        return dns.tlsa(name);
      }
    };
  }
}
