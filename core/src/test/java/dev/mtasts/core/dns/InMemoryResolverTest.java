package dev.mtasts.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InMemoryResolverTest {

  static final InMemoryResolver DNS =
      InMemoryResolver.builder()
          .txt("_mta-sts.example.com", "v=STSv1; ", "id=1")
          .txt("two.example.com", "first")
          .txt("two.example.com", "second")
          .cname("_mta-sts.alias.example.com", "_mta-sts.example.com.")
          .cname("loop1.example.com", "loop2.example.com")
          .cname("loop2.example.com", "loop1.example.com")
          .cname("dangling.example.com", "nowhere.example.com")
          .cname("broken-alias.example.com", "broken.example.com")
          .mx("Example.Com", 10, "MX1.example.com.")
          .nullMx("nullmx.example.com")
          .a("mx1.example.com", "192.0.2.1")
          .aaaa("mx1.example.com", "2001:db8::1")
          .aaaa("v6only.example.com", "2001:db8::2")
          .txt("leaf.empty.example.com", "x")
          .tlsa("_25._tcp.mx1.example.com", new TlsaRecord(3, 1, 1, new byte[] {1, 2}))
          .fail("broken.example.com", DnsStatus.SERVFAIL)
          .fail("slow.example.com", DnsStatus.TIMEOUT)
          .dnssec("signed.example.com", DnssecStatus.SECURE)
          .txt("signed.example.com", "s")
          .cname("to-signed.example.com", "signed.example.com")
          .dnssec("to-signed.example.com", DnssecStatus.INSECURE)
          .dnssec("bogus.example.com", DnssecStatus.BOGUS)
          .txt("bogus.example.com", "b")
          .build();

  static Stream<Arguments> txt() {
    return Stream.of(
        Arguments.of("_mta-sts.example.com", DnsStatus.OK, List.of("v=STSv1; id=1")),
        Arguments.of("_MTA-STS.example.com.", DnsStatus.OK, List.of("v=STSv1; id=1")),
        Arguments.of("_mta-sts.alias.example.com", DnsStatus.OK, List.of("v=STSv1; id=1")),
        Arguments.of("two.example.com", DnsStatus.OK, List.of("first", "second")),
        Arguments.of("nothing.example.com", DnsStatus.NXDOMAIN, List.of()),
        Arguments.of("mx1.example.com", DnsStatus.NODATA, List.of()),
        Arguments.of("empty.example.com", DnsStatus.NODATA, List.of()),
        Arguments.of("example.com", DnsStatus.NODATA, List.of()),
        Arguments.of("dangling.example.com", DnsStatus.NXDOMAIN, List.of()),
        Arguments.of("loop1.example.com", DnsStatus.SERVFAIL, List.of()),
        Arguments.of("broken.example.com", DnsStatus.SERVFAIL, List.of()),
        Arguments.of("broken-alias.example.com", DnsStatus.SERVFAIL, List.of()),
        Arguments.of("slow.example.com", DnsStatus.TIMEOUT, List.of()),
        Arguments.of("bogus.example.com", DnsStatus.BOGUS, List.of()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource
  void txt(String name, DnsStatus status, List<String> records) {
    DnsAnswer<String> answer = DNS.txt(name);

    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.records()).containsExactlyElementsOf(records);
  }

  @Test
  void dnssecIsTheWeakestAlongTheChain() {
    assertThat(DNS.txt("signed.example.com").dnssec()).isEqualTo(DnssecStatus.SECURE);
    assertThat(DNS.txt("to-signed.example.com").dnssec()).isEqualTo(DnssecStatus.INSECURE);
    assertThat(DNS.txt("_mta-sts.example.com").dnssec()).isEqualTo(DnssecStatus.INDETERMINATE);
    assertThat(DNS.txt("bogus.example.com").dnssec()).isEqualTo(DnssecStatus.BOGUS);
  }

  @Test
  void mx() {
    assertThat(DNS.mx("example.com").records())
        .containsExactly(new MxRecord(10, "mx1.example.com"));
    assertThat(DNS.mx("nullmx.example.com").records().getFirst().isNullMx()).isTrue();
    assertThat(DNS.mx("nothing.example.com").status()).isEqualTo(DnsStatus.NXDOMAIN);
  }

  @Test
  void addresses() throws Exception {
    assertThat(DNS.addresses("mx1.example.com").records())
        .containsExactly(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1"));
    assertThat(DNS.addresses("v6only.example.com").records())
        .containsExactly(InetAddress.getByName("2001:db8::2"));
    assertThat(DNS.addresses("_mta-sts.example.com").status()).isEqualTo(DnsStatus.NODATA);
    assertThat(DNS.addresses("nothing.example.com").status()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(DNS.addresses("broken.example.com").status()).isEqualTo(DnsStatus.SERVFAIL);
  }

  @Test
  void tlsa() {
    assertThat(DNS.tlsa("_25._tcp.mx1.example.com").records())
        .containsExactly(new TlsaRecord(3, 1, 1, new byte[] {1, 2}));
    assertThat(DNS.tlsa("_tcp.mx1.example.com").status()).isEqualTo(DnsStatus.NODATA);
  }

  @Test
  void badBuilderInputIsRejected() {
    InMemoryResolver.Builder builder = InMemoryResolver.builder();

    assertThatThrownBy(() -> builder.a("h", "mail.example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.a("h", "2001:db8::1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.aaaa("h", "192.0.2.1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.fail("h", DnsStatus.NXDOMAIN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesAreDomainsInEitherFormAndAnythingElseIsAnError() {
    InMemoryResolver dns =
        InMemoryResolver.builder()
            .txt("_mta-sts.B\u00fccher.Example.", "v=STSv1; id=1")
            .a("mx.xn--bcher-kva.example", "192.0.2.1")
            .build();
    assertThat(dns.txt("_MTA-STS.xn--bcher-kva.example").records()).hasSize(1);
    assertThat(dns.addresses("mx.b\u00fccher.example.").records()).hasSize(1);
    assertThat(dns.txt("_mta-sts..example").status()).isEqualTo(DnsStatus.ERROR);
    assertThat(dns.txt("xn--zz.example").status()).isEqualTo(DnsStatus.ERROR);
    assertThatThrownBy(() -> InMemoryResolver.builder().txt("bad name.example", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
