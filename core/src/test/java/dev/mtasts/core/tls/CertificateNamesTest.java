package dev.mtasts.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Leaf;
import dev.mtasts.core.tls.CertificateNames.NameMatch;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6125 §6.4 matching, as a table in the spirit of OkHttp's HostnameVerifierTest: each row is
 * (presented identifier, reference host, expected) with the rule it exercises.
 */
class CertificateNamesTest {

  static Stream<Arguments> patterns() {
    return Stream.of(
        good("example.com", "example.com", "exact"),
        good("example.com", "EXAMPLE.com", "case-insensitive host"),
        good("EXAMPLE.COM", "example.com", "case-insensitive pattern"),
        good("example.com.", "example.com", "trailing dot in pattern"),
        good("example.com", "example.com.", "trailing dot in host"),
        good("*.example.com", "mta-sts.example.com", "wildcard covers one label"),
        good("*.example.com", "MX.Example.COM.", "wildcard, case and trailing dot"),
        good("xn--bcher-kva.example", "bücher.example", "IDN host as U-label"),
        good("xn--bcher-kva.example", "xn--bcher-kva.example", "IDN host as A-label"),
        good("*.xn--bcher-kva.example", "mx.bücher.example", "wildcard over IDN"),
        bad("example.com", "www.example.com", "exact name does not cover subdomain"),
        bad("www.example.com", "example.com", "subdomain does not cover parent"),
        bad("*.example.com", "example.com", "wildcard needs a label"),
        bad("*.example.com", "a.b.example.com", "wildcard covers exactly one label"),
        bad("*.example.com", ".example.com", "empty left-most label"),
        bad("*.com", "example.com", "wildcard over a single remaining label"),
        bad("*", "example", "bare wildcard"),
        bad("f*.example.com", "foo.example.com", "partial-label wildcard"),
        bad("*o.example.com", "foo.example.com", "partial-label wildcard, suffix"),
        bad("w*w.example.com", "www.example.com", "wildcard inside a label"),
        bad("www.*.example.com", "www.foo.example.com", "wildcard not left-most"),
        bad("*.*.example.com", "a.b.example.com", "two wildcards"),
        bad("example.com", "*.example.com", "wildcard in the reference host"),
        bad("example.com", "", "empty host"),
        bad("", "example.com", "empty pattern"),
        bad(".", ".", "root"),
        bad("example..com", "example..com", "empty label"),
        bad("example.com", "exa mple.com", "space"),
        bad("127.0.0.1", "127.0.0.1", "IP address is not a DNS-ID"),
        bad("example.com", "example.com:443", "port in host"),
        bad("a".repeat(64) + ".com", "a".repeat(64) + ".com", "label over 63 octets"),
        bad("xn--bcher-kva.example", "bucher.example", "different IDN"),
        good("xn--strae-oqa.de", "stra\u00dfe.de", "IDNA2008 A-label with ß"),
        bad("strasse.de", "stra\u00dfe.de", "ß is not ss"),
        bad("mail_1.example.com", "mail_1.example.com", "underscore: no host name"),
        bad("*.example.com", "mail_1.example.com", "wildcard over an underscore label"),
        bad("xn--zz.example", "xn--zz.example", "invalid A-label"),
        bad("-mx.example.com", "-mx.example.com", "leading hyphen"),
        bad("example.com", "example.com\u0000.evil.com", "NUL byte in host"),
        bad("example.com\u0000.evil.com", "example.com", "NUL byte in pattern"));
  }

  @ParameterizedTest(name = "{2}: {0} vs {1}")
  @MethodSource("patterns")
  void patternTable(String pattern, String host, String rule, boolean expected) {
    boolean actual =
        CertificateNames.normalizeHost(host)
            .map(h -> CertificateNames.patternMatches(pattern, h))
            .orElse(false);
    assertThat(actual).as(rule).isEqualTo(expected);
  }

  @Test
  void subjectAltNamesAreUsedAndCommonNameIgnoredWhenPresent() {
    // The CN is "cn.example.com" but the only SAN is "san.example.com".
    X509Certificate cert =
        TestCertificates.selfSigned(
                new Leaf("cn.example.com", java.util.List.of("san.example.com"), null, null, false),
                java.time.Instant.now())
            .certificate();
    assertThat(CertificateNames.match(cert, "san.example.com"))
        .isEqualTo(NameMatch.SUBJECT_ALT_NAME);
    assertThat(CertificateNames.match(cert, "cn.example.com")).isEqualTo(NameMatch.NONE);
  }

  @Test
  void commonNameNeverMatchesEvenWithoutSubjectAltNames() {
    // RFC 8461 §3.3: matching is performed only against DNS-IDs; the CN match is told apart only.
    X509Certificate cert =
        TestCertificates.selfSigned(Leaf.commonNameOnly("mx.example.com"), java.time.Instant.now())
            .certificate();
    assertThat(CertificateNames.match(cert, "mx.example.com"))
        .isEqualTo(NameMatch.COMMON_NAME_ONLY);
    assertThat(CertificateNames.matches(cert, "mx.example.com")).isFalse();
    assertThat(CertificateNames.match(cert, "other.example.com")).isEqualTo(NameMatch.NONE);
  }

  @Test
  void anyOfSeveralSubjectAltNamesMatches() {
    X509Certificate cert =
        TestCertificates.selfSigned("mx1.example.com", "*.mx.example.net").certificate();
    assertThat(CertificateNames.matches(cert, "mx1.example.com")).isTrue();
    assertThat(CertificateNames.matches(cert, "a.mx.example.net")).isTrue();
    assertThat(CertificateNames.matches(cert, "mx2.example.com")).isFalse();
    assertThat(CertificateNames.dnsNames(cert))
        .containsExactly("mx1.example.com", "*.mx.example.net");
  }

  @Test
  void malformedInputDoesNotThrow() {
    X509Certificate cert = TestCertificates.selfSigned("example.com").certificate();
    assertThat(CertificateNames.matches(cert, null)).isFalse();
    assertThat(CertificateNames.matches(null, "example.com")).isFalse();
    assertThat(CertificateNames.matches(cert, "\uDC00.example.com")).isFalse();
  }

  private static Arguments good(String pattern, String host, String rule) {
    return Arguments.of(pattern, host, rule, true);
  }

  private static Arguments bad(String pattern, String host, String rule) {
    return Arguments.of(pattern, host, rule, false);
  }
}
