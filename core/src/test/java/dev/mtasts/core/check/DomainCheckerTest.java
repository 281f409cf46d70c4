package dev.mtasts.core.check;

import static dev.mtasts.core.check.CheckWorld.CA;
import static dev.mtasts.core.check.CheckWorld.DOMAIN;
import static dev.mtasts.core.check.CheckWorld.EHLO_STARTTLS;
import static dev.mtasts.core.check.CheckWorld.ENFORCE;
import static dev.mtasts.core.check.CheckWorld.MX;
import static dev.mtasts.core.check.CheckWorld.NOW;
import static dev.mtasts.core.check.CheckWorld.POLICY_HOST;
import static dev.mtasts.core.check.CheckWorld.healthyDns;
import static dev.mtasts.core.check.CheckWorld.ok;
import static dev.mtasts.core.check.FindingCode.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.DnssecStatus;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.dns.MxRecord;
import dev.mtasts.core.dns.TlsaRecord;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.probe.TlsaMatcher;
import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Issued;
import dev.mtasts.core.testing.TestCertificates.Leaf;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole check against an in-memory DNS and loopback servers: one test per problem it must
 * report, and that it reports nothing a scenario does not have.
 */
class DomainCheckerTest {

  private final CheckWorld world = new CheckWorld();

  @AfterEach
  void stop() throws Exception {
    world.close();
  }

  private static List<FindingCode> codes(DomainReport report) {
    return report.findings().stream().map(Finding::code).toList();
  }

  private static Finding only(DomainReport report, FindingCode code) {
    List<Finding> found = report.findings().stream().filter(f -> f.code() == code).toList();
    assertThat(found).as("%s in %s", code, report.findings()).hasSize(1);
    return found.getFirst();
  }

  // ---- what passes

  @Test
  void healthyDomainPassesWithItsFacts() throws Exception {
    world.policy(ENFORCE).goodMx();
    DomainReport report = world.check(healthyDns());
    assertThat(report.findings()).isEmpty();
    assertThat(report.status()).isEqualTo(DomainStatus.PASS);
    assertThat(report.domain()).isEqualTo(DOMAIN);
    assertThat(report.stsRecordId()).hasValue("20260101T000000");
    assertThat(report.policy().orElseThrow().mode()).isEqualTo(Mode.ENFORCE);
    assertThat(report.policy().orElseThrow().mx()).containsExactly(MX);
    assertThat(report.policy().orElseThrow().maxAge()).isEqualTo(604_800L);
    assertThat(report.policyCertificate().orElseThrow().dnsNames()).containsExactly(POLICY_HOST);
    MxReport mx = report.mx().getFirst();
    assertThat(mx.host()).isEqualTo(MX);
    assertThat(mx.preference()).isEqualTo(10);
    AddressReport address = mx.addresses().getFirst();
    assertThat(address.address()).isEqualTo("127.0.0.1");
    assertThat(address.starttls()).isTrue();
    assertThat(address.tlsVersion().orElseThrow()).isIn("TLSv1.2", "TLSv1.3");
    assertThat(address.cipherSuite()).isPresent();
    CertificateFacts cert = address.certificate().orElseThrow();
    assertThat(cert.chainTrusted()).isTrue();
    assertThat(cert.nameMatches()).isTrue();
    assertThat(cert.dnsNames()).containsExactly(MX);
    assertThat(cert.daysLeft()).isBetween(88L, 90L);
    assertThat(report.checkedAt()).isEqualTo(NOW);
  }

  @Test
  void loopbackAddressesAreProbedAndReportedAsNotPublic() throws Exception {
    world.policy(ENFORCE).goodMx();
    DomainReport report =
        world.checker(healthyDns().build(), o -> o.withPrivateAddresses(false)).check(DOMAIN);
    assertThat(codes(report)).containsExactly(ADDRESS_NOT_PUBLIC, ADDRESS_NOT_PUBLIC);
    assertThat(report.status()).isEqualTo(DomainStatus.WARN);
    assertThat(report.findings().getFirst().subject()).isEqualTo(POLICY_HOST + " [127.0.0.1]");
    assertThat(report.findings().getFirst().severity()).isEqualTo(Severity.WARNING);
    assertThat(report.findings().getFirst().message())
        .contains("policy host " + POLICY_HOST + " resolves to 127.0.0.1, which is loopback")
        .contains("Senders on the internet cannot reach it");
    assertThat(report.findings().get(1).subject()).isEqualTo(MX + " [127.0.0.1]");
    // Probed all the same: the policy and the MX facts are there.
    assertThat(report.policy()).isPresent();
    assertThat(report.mx().getFirst().addresses().getFirst().starttls()).isTrue();
  }

  @Test
  void wildcardPatternCoversExactlyOneLabel() throws Exception {
    world
        .policy("version: STSv1\r\nmode: enforce\r\nmx: *.example.com\r\nmax_age: 604800\r\n")
        .goodMx();
    DomainReport report = world.check(healthyDns());
    assertThat(report.findings()).isEmpty();
  }

  @Test
  void nullMxWithoutPolicyIsAFact() {
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .nullMx(DOMAIN)
                .txt(DOMAIN, "v=spf1 -all")
                .txt("_dmarc.example.com", "v=DMARC1; p=reject")
                .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:r@example.com"));
    assertThat(codes(report)).containsExactly(STS_RECORD_MISSING, MX_NULL);
    assertThat(only(report, MX_NULL).message()).contains("RFC 7505").contains("receives no mail");
    assertThat(report.status()).isEqualTo(DomainStatus.ABSENT);
  }

  // ---- records

  @Test
  void noStsRecordMeansAbsentAndNoPolicyStep() throws Exception {
    world.goodMx();
    DomainReport absent =
        world.check(
            InMemoryResolver.builder()
                .txt("_mta-sts.example.com", "google-site-verification=x")
                .a(POLICY_HOST, "127.0.0.1")
                .mx(DOMAIN, 10, MX)
                .a(MX, "127.0.0.1")
                .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")
                .txt(DOMAIN, "v=spf1 mx -all")
                .txt("_dmarc.example.com", "v=DMARC1; p=reject"));
    assertThat(codes(absent)).containsExactly(STS_RECORD_MISSING);
    assertThat(only(absent, STS_RECORD_MISSING).message())
        .contains("\"google-site-verification=x\"");
    assertThat(absent.status()).isEqualTo(DomainStatus.ABSENT);
    assertThat(absent.policy()).isEmpty();
    assertThat(absent.mx()).hasSize(1); // MX hosts are still probed: useful before deploying
  }

  @Test
  void multipleRecordsAreAnErrorAndThePolicyIsStillChecked() throws Exception {
    world.policy(ENFORCE).goodMx();
    DomainReport report = world.check(healthyDns().txt("_mta-sts.example.com", "v=STSv1; id=2;"));
    assertThat(codes(report)).containsExactly(STS_RECORD_MULTIPLE);
    assertThat(only(report, STS_RECORD_MULTIPLE).message())
        .contains("\"v=STSv1; id=20260101T000000;\"", "\"v=STSv1; id=2;\"");
    assertThat(report.stsRecordId()).isEmpty();
    assertThat(report.policy()).isPresent();
    assertThat(report.status()).isEqualTo(DomainStatus.FAIL);
  }

  @Test
  void invalidRecordSaysWhere() throws Exception {
    world.policy(ENFORCE).goodMx();
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .txt("_mta-sts.example.com", "v=STSv1; id=bad-id!")
                .a(POLICY_HOST, "127.0.0.1")
                .mx(DOMAIN, 10, MX)
                .a(MX, "127.0.0.1")
                .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")
                .txt(DOMAIN, "v=spf1 mx -all")
                .txt("_dmarc.example.com", "v=DMARC1; p=reject"));
    assertThat(codes(report)).containsOnly(STS_RECORD_INVALID);
    assertThat(only(report, STS_RECORD_INVALID).message())
        .contains("\"v=STSv1; id=bad-id!\"")
        .contains("column ")
        .contains("Fix: ");
  }

  @ParameterizedTest
  @CsvSource({"SERVFAIL", "TIMEOUT", "ERROR"})
  void recordLookupFailureIsADnsError(DnsStatus status) {
    DomainReport report =
        world.check(InMemoryResolver.builder().fail("_mta-sts.example.com", status).nullMx(DOMAIN));
    Finding finding = only(report, STS_RECORD_DNS_ERROR);
    assertThat(finding.message()).contains(status.name());
    assertThat(finding.subject()).isEqualTo("_mta-sts.example.com");
    assertThat(codes(report)).doesNotContain(STS_RECORD_MISSING, POLICY_HOST_UNRESOLVABLE);
  }

  @Test
  void bogusDnssecIsReportedInsteadOfMissingRecords() {
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .txt("_mta-sts.example.com", "v=STSv1; id=1;")
                .dnssec("_mta-sts.example.com", DnssecStatus.BOGUS)
                .nullMx(DOMAIN));
    assertThat(only(report, DNSSEC_BOGUS).subject()).isEqualTo("_mta-sts.example.com");
    assertThat(codes(report)).doesNotContain(STS_RECORD_MISSING, STS_RECORD_DNS_ERROR);
    assertThat(report.status()).isEqualTo(DomainStatus.FAIL);
  }

  @Test
  void unsignedZoneIsInformationWhenTheParentHasNoDs() {
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .dnssecDefault(DnssecStatus.INSECURE)
                .nullMx(DOMAIN)
                .txt(DOMAIN, "v=spf1 -all"));
    Finding unsigned = only(report, DNSSEC_UNSIGNED);
    assertThat(unsigned.severity()).isEqualTo(Severity.INFO);
    assertThat(unsigned.message())
        .startsWith(
            "No answer for example.com was DNSSEC-authenticated, and the parent zone publishes no"
                + " DS record for it: the zone is not signed.");
    assertThat(codes(report)).doesNotContain(DNSSEC_NOT_VALIDATED);
  }

  /** A non-validating resolver sets no AD bit even for a signed zone: say so, not "unsigned". */
  @Test
  void aSignedZoneSeenWithoutAdIsNotCalledUnsigned() {
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .dnssecDefault(DnssecStatus.INSECURE)
                .ds(DOMAIN, "2371 13 2 1F987CC6583E92DF0890718C42")
                .nullMx(DOMAIN)
                .txt(DOMAIN, "v=spf1 -all"));
    assertThat(codes(report)).doesNotContain(DNSSEC_UNSIGNED);
    assertThat(only(report, DNSSEC_NOT_VALIDATED).message())
        .contains("the parent zone publishes DS records", "so the zone is signed", "no AD bit")
        .contains("Fix: Run the check against a validating resolver");
  }

  @Test
  void aFailedDsQuestionLeavesSigningUnknown() {
    DnsResolver dns =
        new DelegatingResolver(
            InMemoryResolver.builder()
                .dnssecDefault(DnssecStatus.INSECURE)
                .nullMx(DOMAIN)
                .txt(DOMAIN, "v=spf1 -all")
                .build()) {
          @Override
          public DnsAnswer<String> ds(String name) {
            return DnsAnswer.failure(DnsStatus.TIMEOUT, "no answer");
          }
        };
    DomainReport report = world.checker(dns, o -> o).check(DOMAIN);
    assertThat(codes(report)).doesNotContain(DNSSEC_UNSIGNED);
    assertThat(only(report, DNSSEC_NOT_VALIDATED).message())
        .contains("whether the zone is signed is unknown");
  }

  /**
   * Every question fails, the DS question at the parent too: the check's own DNS server is at fault
   * (e.g. one that refuses the DNSSEC questions of --dnssec validate), not the domain.
   */
  @Test
  void aDnsServerThatAnswersNothingIsTheToolsProblemNotTheDomains() {
    DnsResolver dead =
        new DelegatingResolver(InMemoryResolver.builder().build()) {
          @Override
          public DnsAnswer<String> txt(String name) {
            return DnsAnswer.failure(
                DnsStatus.SERVFAIL, name + " TXT: 127.0.0.1:53 answered REFUSED");
          }

          @Override
          public DnsAnswer<String> dnskey(String name) {
            return DnsAnswer.failure(
                DnsStatus.SERVFAIL, name + " DNSKEY: 127.0.0.1:53 answered REFUSED");
          }
        };
    DomainReport report = world.checker(dead, o -> o).check(DOMAIN);
    assertThat(codes(report)).containsExactly(DNS_RESOLVER_FAILED);
    assertThat(report.checkFailure()).isPresent();
    assertThat(report.findings().getFirst().message())
        .contains("Every DNS question about example.com failed", ". DNSKEY: 127.0.0.1:53")
        .contains("is at fault, not the domain");
  }

  /** Lame servers for the domain while the root answers: the domain's fault, as before. */
  @Test
  void aDomainWhoseServersFailIsStillTheDomainsProblem() {
    DnsResolver lame =
        InMemoryResolver.builder()
            .fail("_mta-sts." + DOMAIN, DnsStatus.SERVFAIL)
            .fail("_dmarc." + DOMAIN, DnsStatus.SERVFAIL)
            .fail("_smtp._tls." + DOMAIN, DnsStatus.SERVFAIL)
            .fail(DOMAIN, DnsStatus.SERVFAIL)
            .dnskey(".", "257 3 8 AwEAAaz/tAm8yTn4Mfeh")
            .build();
    DomainReport domains = world.checker(lame, o -> o).check(DOMAIN);
    assertThat(codes(domains))
        .contains(STS_RECORD_DNS_ERROR, TLSRPT_RECORD_MISSING, MX_DNS_ERROR)
        .doesNotContain(DNS_RESOLVER_FAILED);
    assertThat(domains.checkFailure()).isEmpty();
  }

  @Test
  void spfAndDmarcMissingAreInformation() {
    DomainReport report = world.check(InMemoryResolver.builder().nullMx(DOMAIN));
    assertThat(only(report, SPF_MISSING).severity()).isEqualTo(Severity.INFO);
    assertThat(only(report, DMARC_MISSING).subject()).isEqualTo("_dmarc.example.com");
  }

  // ---- reporting

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "v=TLSRPTv1; rua=ftp://x.test/|TLSRPT_RUA_UNSUPPORTED",
        "v=TLSRPTv1;|TLSRPT_RECORD_INVALID",
        "v=spf1 -all|TLSRPT_RECORD_MISSING"
      })
  void tlsRptRecordProblems(String record, FindingCode expected) {
    DomainReport report =
        world.check(
            InMemoryResolver.builder().nullMx(DOMAIN).txt("_smtp._tls.example.com", record));
    Finding finding = only(report, expected);
    assertThat(finding.subject()).isEqualTo("_smtp._tls.example.com");
    assertThat(finding.message()).contains(record);
  }

  @Test
  void anUnsupportedUriNextToASupportedOneIsAWarning() {
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .nullMx(DOMAIN)
                .txt(
                    "_smtp._tls.example.com",
                    "v=TLSRPTv1; rua=ftp://x.test/,mailto:a@example.com"));
    Finding finding = only(report, TLSRPT_RUA_UNSUPPORTED);
    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.message()).contains("ftp://x.test/");
  }

  @Test
  void twoTlsRptRecords() {
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .nullMx(DOMAIN)
                .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:a@example.com")
                .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:b@example.com"));
    assertThat(only(report, TLSRPT_RECORD_MULTIPLE).severity()).isEqualTo(Severity.ERROR);
  }

  @Test
  void theTlsRptReaderIsPluggable() {
    DnsResolver dns =
        InMemoryResolver.builder()
            .nullMx(DOMAIN)
            .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:a@example.com")
            .build();
    var fetcher =
        new dev.mtasts.core.fetch.PolicyFetcher(
            dev.mtasts.core.fetch.FetchSettings.defaults(), CheckWorld.ANCHORS, CheckWorld.CLOCK);
    var probe =
        new dev.mtasts.core.probe.SmtpProbe(
            dev.mtasts.core.probe.ProbeSettings.defaults("checker.test"),
            CheckWorld.ANCHORS,
            CheckWorld.CLOCK);
    DomainChecker checker =
        new DomainChecker(
            dns,
            fetcher,
            probe,
            CheckWorld.CLOCK,
            CheckOptions.defaults(),
            records ->
                dev.mtasts.core.ParseResult.err(
                    dev.mtasts.core.Problem.at("TLSRPT_RECORD_SYNTAX", "bad", 1, 12)));
    Finding finding = only(checker.check(DOMAIN), TLSRPT_RECORD_INVALID);
    assertThat(finding.message())
        .startsWith("The TLS-RPT record at _smtp._tls.example.com, column 12: bad");
  }

  // ---- policy host and fetch

  @Test
  void policyHostWithoutAddress() throws Exception {
    world.goodMx();
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .txt("_mta-sts.example.com", "v=STSv1; id=1;")
                .mx(DOMAIN, 10, MX)
                .a(MX, "127.0.0.1")
                .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")
                .txt(DOMAIN, "v=spf1 mx -all")
                .txt("_dmarc.example.com", "v=DMARC1; p=reject"));
    assertThat(codes(report)).containsExactly(POLICY_HOST_UNRESOLVABLE);
    assertThat(only(report, POLICY_HOST_UNRESOLVABLE).message())
        .startsWith("mta-sts.example.com has no A or AAAA record (NXDOMAIN).");
  }

  @Test
  void policyHostNotListening() throws Exception {
    world.goodMx(); // the HTTPS port stays 1: nothing listens there
    DomainReport report = world.check(healthyDns());
    assertThat(codes(report)).containsExactly(POLICY_HOST_UNREACHABLE);
    assertThat(only(report, POLICY_HOST_UNREACHABLE).message()).contains("127.0.0.1");
  }

  @Test
  void expiredUntrustedMisnamedPolicyCertificateIsThreeFindings() throws Exception {
    Issued bad = TestCertificates.selfSigned(Leaf.forNames("www.example.org").expiredAt(NOW), NOW);
    world.https(bad.serverContext(), ok(ENFORCE)).goodMx();
    DomainReport report = world.check(healthyDns());
    assertThat(codes(report))
        .containsExactly(POLICY_CERT_EXPIRED, POLICY_CERT_UNTRUSTED, POLICY_CERT_NAME_MISMATCH);
    assertThat(only(report, POLICY_CERT_EXPIRED).message()).contains("expired at");
    assertThat(only(report, POLICY_CERT_UNTRUSTED).message()).contains("self-signed");
    assertThat(only(report, POLICY_CERT_NAME_MISMATCH).message())
        .contains("names only www.example.org, not mta-sts.example.com");
    assertThat(report.findings()).allMatch(f -> f.subject().equals(POLICY_HOST));
    assertThat(report.policyCertificate().orElseThrow().chainTrusted()).isFalse();
  }

  @Test
  void missingIntermediateIsToldApart() throws Exception {
    world.https(CA.issue(POLICY_HOST).withoutIntermediates().serverContext(), ok(ENFORCE)).goodMx();
    DomainReport report = world.check(healthyDns());
    assertThat(codes(report)).containsExactly(POLICY_CERT_UNTRUSTED);
    assertThat(only(report, POLICY_CERT_UNTRUSTED).message()).contains("missing intermediate");
  }

  @Test
  void policyCertificateExpiringSoonWarnsWithThePolicyHostAsSubject() throws Exception {
    Issued soon =
        CA.issue(
            Leaf.forNames(POLICY_HOST)
                .validBetween(NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(5))));
    world.https(soon.serverContext(), ok(ENFORCE)).goodMx();
    DomainReport report = world.check(healthyDns());
    Finding finding = only(report, MX_CERT_EXPIRING_SOON);
    assertThat(finding.subject()).isEqualTo(POLICY_HOST);
    assertThat(finding.message()).containsPattern("expires at .*, in [45] days");
    assertThat(report.status()).isEqualTo(DomainStatus.WARN);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "HTTP/1.1 301 Moved\\r\\nLocation: https://www.example.com/\\r\\nContent-Length: 0\\r\\n\\r\\n|POLICY_REDIRECT|https://www.example.com/",
        "HTTP/1.1 404 Not Found\\r\\nContent-Length: 0\\r\\n\\r\\n|POLICY_HTTP_STATUS|404",
        "HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\nContent-Length: 2\\r\\n\\r\\nhi|POLICY_CONTENT_TYPE|text/html",
        "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 70000\\r\\n\\r\\n|POLICY_TOO_LARGE|70000",
        "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\n\u00ff\u00fe|POLICY_SYNTAX|UTF-8",
        "garbage\\r\\n\\r\\n|POLICY_HTTP_MALFORMED|garbage",
      })
  void fetchProblemsAreReportedAsTheirOwnCode(String raw, FindingCode expected, String named)
      throws Exception {
    world.https(CA.issue(POLICY_HOST).serverContext(), raw.replace("\\r\\n", "\r\n")).goodMx();
    DomainReport report = world.check(healthyDns());
    assertThat(codes(report)).containsExactly(expected);
    assertThat(only(report, expected).message()).contains(named);
    assertThat(report.policy()).isEmpty();
  }

  @Test
  void everySyntaxErrorWithItsLine() throws Exception {
    world
        .policy("version: STSv1\r\nmode: enforcing\r\nmx: mx.example.com\r\nmax_age: soon\r\n")
        .goodMx();
    DomainReport report = world.check(healthyDns());
    List<Finding> syntax =
        report.findings().stream().filter(f -> f.code() == POLICY_SYNTAX).toList();
    assertThat(syntax).hasSize(2);
    assertThat(syntax.get(0).message()).startsWith("Line 2");
    assertThat(syntax.get(1).message()).startsWith("Line 4");
    assertThat(codes(report)).containsOnly(POLICY_SYNTAX);
  }

  @Test
  void testingModeIsInformationAndMismatchOnlyAWarning() throws Exception {
    world
        .policy("version: STSv1\r\nmode: testing\r\nmx: other.example.com\r\nmax_age: 604800\r\n")
        .goodMx();
    DomainReport report = world.check(healthyDns());
    assertThat(only(report, POLICY_MODE_TESTING).severity()).isEqualTo(Severity.INFO);
    assertThat(only(report, POLICY_MX_MISMATCH).severity()).isEqualTo(Severity.WARNING);
    assertThat(only(report, POLICY_MX_UNUSED).subject()).isEqualTo("mx: other.example.com");
    assertThat(report.status()).isEqualTo(DomainStatus.WARN);
  }

  @Test
  void noneModeIsAWarningAndSkipsCoverage() throws Exception {
    world
        .policy("version: STSv1\r\nmode: none\r\nmx: other.example.com\r\nmax_age: 604800\r\n")
        .goodMx();
    DomainReport report = world.check(healthyDns());
    assertThat(codes(report)).containsExactly(POLICY_MODE_NONE);
  }

  @Test
  void shortMaxAge() throws Exception {
    world.policy(ENFORCE.replace("604800", "3600")).goodMx();
    DomainReport report = world.check(healthyDns());
    assertThat(codes(report)).containsExactly(POLICY_MAX_AGE_SHORT);
    assertThat(only(report, POLICY_MAX_AGE_SHORT).message()).contains("max_age: 3600", "1h");
  }

  // ---- MX coverage

  @Test
  void enforcedMismatchIsAnErrorNamingThePatterns() throws Exception {
    world.policy(ENFORCE).goodMx();
    DomainReport report =
        world.check(
            healthyDns().mx(DOMAIN, 20, "backup.example.com").a("backup.example.com", "127.0.0.1"));
    Finding mismatch = only(report, POLICY_MX_MISMATCH);
    assertThat(mismatch.severity()).isEqualTo(Severity.ERROR);
    assertThat(mismatch.subject()).isEqualTo("backup.example.com");
    assertThat(mismatch.message()).contains("preference 20", "[mx.example.com]");
    assertThat(report.mx()).extracting(MxReport::host).containsExactly(MX, "backup.example.com");
  }

  @Test
  void wildcardDoesNotCoverTwoLabelsAndSaysSo() throws Exception {
    world
        .policy("version: STSv1\r\nmode: enforce\r\nmx: *.example.com\r\nmax_age: 604800\r\n")
        .smtp(EHLO_STARTTLS, CA.issue("a.mx.example.com").serverContext());
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .txt("_mta-sts.example.com", "v=STSv1; id=1;")
                .a(POLICY_HOST, "127.0.0.1")
                .mx(DOMAIN, 10, "a.mx.example.com")
                .a("a.mx.example.com", "127.0.0.1")
                .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")
                .txt(DOMAIN, "v=spf1 mx -all")
                .txt("_dmarc.example.com", "v=DMARC1; p=reject"));
    assertThat(codes(report)).containsExactly(POLICY_MX_MISMATCH, POLICY_MX_UNUSED);
    assertThat(only(report, POLICY_MX_MISMATCH).message()).contains("exactly one label");
  }

  @Test
  void nullMxWithAnEnforcedPolicyIsAWarning() throws Exception {
    world.policy(ENFORCE);
    DomainReport report =
        world.check(
            InMemoryResolver.builder()
                .txt("_mta-sts.example.com", "v=STSv1; id=1;")
                .a(POLICY_HOST, "127.0.0.1")
                .nullMx(DOMAIN)
                .txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:tlsrpt@example.com")
                .txt(DOMAIN, "v=spf1 -all")
                .txt("_dmarc.example.com", "v=DMARC1; p=reject"));
    assertThat(codes(report)).containsExactly(MX_NULL);
    assertThat(only(report, MX_NULL).severity()).isEqualTo(Severity.WARNING);
    assertThat(only(report, MX_NULL).message()).contains("mode enforce", "mode none or absent");
  }

  // ---- MX hosts

  @Test
  void noMxRecords() {
    DomainReport report = world.check(InMemoryResolver.builder().txt(DOMAIN, "v=spf1 -all"));
    assertThat(only(report, MX_MISSING).message()).contains("example.com has no MX records");
  }

  @Test
  void mxLookupFailure() {
    DnsResolver failingMx =
        new DelegatingResolver(InMemoryResolver.builder().txt(DOMAIN, "v=spf1 -all").build()) {
          @Override
          public DnsAnswer<MxRecord> mx(String domain) {
            return DnsAnswer.failure(DnsStatus.SERVFAIL, "test");
          }
        };
    DomainReport report = world.checker(failingMx, o -> o).check(DOMAIN);
    assertThat(only(report, MX_DNS_ERROR).message()).contains("SERVFAIL");
    assertThat(codes(report)).doesNotContain(MX_MISSING);
  }

  @Test
  void mxHostWithoutAddress() {
    DomainReport report =
        world.check(InMemoryResolver.builder().mx(DOMAIN, 10, MX).txt(DOMAIN, "v=spf1 -all"));
    assertThat(only(report, MX_HOST_UNRESOLVABLE).subject()).isEqualTo(MX);
    assertThat(codes(report)).doesNotContain(MX_UNREACHABLE);
  }

  @Test
  void unreachableAddressIsNamedAndItsNeighbourStillProbed() throws Exception {
    world.policy(ENFORCE).goodMx();
    DomainReport report = world.check(healthyDns().a(MX, "127.0.0.2"));
    Finding unreachable = only(report, MX_UNREACHABLE);
    assertThat(unreachable.subject()).isEqualTo("mx.example.com [127.0.0.2]");
    assertThat(codes(report)).containsExactly(MX_UNREACHABLE);
    assertThat(report.mx().getFirst().addresses())
        .extracting(AddressReport::address, AddressReport::connected)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("127.0.0.1", true),
            org.assertj.core.groups.Tuple.tuple("127.0.0.2", false));
  }

  @Test
  void ipv6AddressesAreProbedToo() throws Exception {
    world.policy(ENFORCE).goodMx();
    DomainReport report = world.check(healthyDns().aaaa(MX, "::1"));
    assertThat(report.mx().getFirst().addresses())
        .extracting(AddressReport::address)
        .containsExactly("127.0.0.1", InetAddress.getByName("::1").getHostAddress());
  }

  @Test
  void noStarttlsAndNoCertificateFindings() throws Exception {
    world
        .policy(ENFORCE)
        .smtp("250-mx.example.com\r\n250 8BITMIME\r\n", CA.issue(MX).serverContext());
    DomainReport report = world.check(healthyDns());
    assertThat(codes(report)).containsExactly(MX_STARTTLS_MISSING);
    assertThat(only(report, MX_STARTTLS_MISSING).message()).contains("8BITMIME");
    assertThat(report.mx().getFirst().addresses().getFirst().certificate()).isEmpty();
  }

  @Test
  void expiredUntrustedMisnamedMxCertificate() throws Exception {
    world
        .policy(ENFORCE)
        .smtp(
            EHLO_STARTTLS,
            TestCertificates.selfSigned(Leaf.forNames("mail.other.net").expiredAt(NOW), NOW)
                .serverContext());
    DomainReport report = world.check(healthyDns());
    assertThat(codes(report))
        .containsExactly(MX_CERT_EXPIRED, MX_CERT_UNTRUSTED, MX_CERT_NAME_MISMATCH);
    assertThat(only(report, MX_CERT_NAME_MISMATCH).tlsrptResultType())
        .hasValue("certificate-host-mismatch");
    assertThat(only(report, MX_CERT_EXPIRED).subject()).isEqualTo("mx.example.com [127.0.0.1]");
  }

  @Test
  void commonNameOnlyCertificateIsAMismatch() throws Exception {
    world.policy(ENFORCE).smtp(EHLO_STARTTLS, CA.issue(Leaf.commonNameOnly(MX)).serverContext());
    DomainReport report = world.check(healthyDns());
    assertThat(only(report, MX_CERT_NAME_MISMATCH).message()).contains("subject CN");
  }

  @Test
  void oldTlsOnlyIsToldApartFromOtherTlsErrors() throws Exception {
    Issued rsa = CA.issue(Leaf.forNames(MX).withRsaKey());
    world.policy(ENFORCE).smtp(EHLO_STARTTLS, rsa.serverContext(), "TLSv1", "TLSv1.1");
    DomainReport report = world.check(healthyDns());
    assertThat(codes(report)).containsExactly(MX_TLS_VERSION_OLD);
    assertThat(only(report, MX_TLS_VERSION_OLD).message()).contains("TLSv1.1");
  }

  @Test
  void tlsaRecordsThatMatchAreInformation() throws Exception {
    Issued cert = CA.issue(MX);
    world.policy(ENFORCE).smtp(EHLO_STARTTLS, cert.serverContext());
    TlsaRecord good =
        new TlsaRecord(3, 1, 1, TlsaMatcher.associationData(cert.certificate(), 1, 1));
    DomainReport report = world.check(healthyDns().tlsa("_25._tcp.mx.example.com", good));
    assertThat(codes(report)).containsExactly(DANE_TLSA_PRESENT);
    assertThat(report.mx().getFirst().tlsa()).containsExactly(good.toString());
    assertThat(report.mx().getFirst().addresses().getFirst().tlsaMatch()).hasValue(true);
  }

  @Test
  void tlsaRecordsThatMatchNothingAreAnError() throws Exception {
    world.policy(ENFORCE).goodMx();
    TlsaRecord stale = new TlsaRecord(3, 1, 1, new byte[32]);
    DomainReport report = world.check(healthyDns().tlsa("_25._tcp.mx.example.com", stale));
    assertThat(codes(report)).containsExactly(DANE_TLSA_PRESENT, DANE_TLSA_MISMATCH);
    assertThat(only(report, DANE_TLSA_MISMATCH).message()).contains("SHA-256");
  }

  // ---- the deadline

  @Test
  void aSilentMxHitsTheDeadlineAndKeepsWhatWasFound() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try {
      world.policy(ENFORCE.replace("604800", "60")).silentSmtp(release);
      long start = System.nanoTime();
      DomainReport report =
          world
              .checker(healthyDns().build(), o -> o.withDeadline(Duration.ofMillis(1500)))
              .check(DOMAIN);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
      assertThat(codes(report)).contains(POLICY_MAX_AGE_SHORT, CHECK_DEADLINE);
      assertThat(only(report, CHECK_DEADLINE).subject()).isEqualTo("mx.example.com [127.0.0.1]");
      assertThat(report.status()).isEqualTo(DomainStatus.FAIL);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aStuckDnsStepIsNamedAndLaterStepsSkipped() {
    CountDownLatch release = new CountDownLatch(1);
    DnsResolver stuck =
        new DelegatingResolver(InMemoryResolver.builder().build()) {
          @Override
          public DnsAnswer<String> txt(String name) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return DnsAnswer.failure(DnsStatus.TIMEOUT, "interrupted");
          }
        };
    try {
      DomainReport report =
          world.checker(stuck, o -> o.withDeadline(Duration.ofMillis(300))).check(DOMAIN);
      Finding deadline = only(report, CHECK_DEADLINE);
      assertThat(deadline.subject()).isEqualTo("Records");
      assertThat(deadline.message()).contains("not checked: Reporting, Policy, MX hosts");
      assertThat(report.findings()).hasSize(1);
    } finally {
      release.countDown();
    }
  }

  // ---- domain names

  @ParameterizedTest
  @CsvSource({
    "Example.COM.,example.com",
    "  mail.example.org ,mail.example.org",
    "xn--bcher-kva.example,xn--bcher-kva.example",
    "B\u00fccher.example.,xn--bcher-kva.example",
    "ex\u00e4mple.test,xn--exmple-cua.test"
  })
  void goodNames(String input, String expected) {
    assertThat(DomainChecker.normalize(input)).hasValue(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "localhost",
        "exa mple.com",
        "-bad.example",
        "bad-.example",
        "a..b",
        "ex@mple.com",
        "under_score.example",
        "_mta-sts.example.com",
        "192.0.2.1",
        "xn--zz.example",
        "b\u00fccher",
        "b\u00fc cher.example"
      })
  void badNames(String input) {
    assertThat(DomainChecker.normalize(input)).isEmpty();
  }

  /** The check looks up the A-label and reports it; the caller keeps the input as given. */
  @Test
  void aULabelDomainIsCheckedAsItsALabel() {
    DomainReport report =
        world
            .checker(
                InMemoryResolver.builder()
                    .txt("_mta-sts.xn--bcher-kva.example", "v=STSv1; id=idn1")
                    .build(),
                o -> o)
            .check("B\u00fccher.example");
    assertThat(report.domain()).isEqualTo("xn--bcher-kva.example");
    assertThat(report.stsRecordId()).contains("idn1");
  }

  @Test
  void checkingABadNameIsRefused() {
    assertThatThrownBy(
            () -> world.checker(InMemoryResolver.builder().build(), o -> o).check("a..b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A resolver that answers from another, for overriding one question. */
  private static class DelegatingResolver implements DnsResolver {
    private final DnsResolver inner;

    DelegatingResolver(DnsResolver inner) {
      this.inner = inner;
    }

    @Override
    public DnsAnswer<String> txt(String name) {
      return inner.txt(name);
    }

    @Override
    public DnsAnswer<MxRecord> mx(String domain) {
      return inner.mx(domain);
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
      return inner.addresses(host);
    }

    @Override
    public DnsAnswer<TlsaRecord> tlsa(String name) {
      return inner.tlsa(name);
    }

    @Override
    public DnsAnswer<String> ds(String name) {
      return inner.ds(name);
    }

    @Override
    public DnsAnswer<String> dnskey(String name) {
      return inner.dnskey(name);
    }
  }
}
