package dev.mtasts.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.policy.StsRecord;
import dev.mtasts.core.tlsrpt.TlsRptRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The records a domain publishes read back as what was meant, through the strict parsers. */
class PublicationTest {

  private static final Policy POLICY =
      new Policy(
          Mode.TESTING, List.of(MxPattern.parse("mx1.example.org").orThrow()), 86400, List.of());

  private static Publication publication(Optional<TlsRptRecord> reports) {
    return new Publication(
        "example.org", POLICY, StsRecord.parse("v=STSv1; id=20261129130500;").orThrow(), reports);
  }

  @Test
  void theRecordsAreTheOnesRfc8461AndRfc8460Name() {
    TlsRptRecord reports =
        TlsRptRecord.parse("v=TLSRPTv1; rua=mailto:tlsrpt@example.org").orThrow();

    List<Publication.DnsRecord> records =
        publication(Optional.of(reports)).records(Optional.of("sts.hosting.example"), 300);

    assertThat(records)
        .extracting(Publication.DnsRecord::zoneLine)
        .containsExactly(
            "_mta-sts.example.org. 300 IN TXT \"v=STSv1; id=20261129130500;\"",
            "_smtp._tls.example.org. 300 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.org\"",
            "mta-sts.example.org. 300 IN CNAME sts.hosting.example.");
    assertThat(StsRecord.parse(records.get(0).value()).orThrow().id()).isEqualTo("20261129130500");
    assertThat(TlsRptRecord.parse(records.get(1).value()).orThrow()).isEqualTo(reports);
    assertThat(publication(Optional.empty()).policyUrl())
        .isEqualTo("https://mta-sts.example.org/.well-known/mta-sts.txt");
  }

  @Test
  void withoutReportsOrHostOnlyTheStsRecord() {
    assertThat(publication(Optional.empty()).records(Optional.empty(), 3600))
        .extracting(Publication.DnsRecord::type)
        .containsExactly("TXT");
  }

  /** RFC 1035 §3.3: one TXT string holds at most 255 characters; longer text is several strings. */
  @ParameterizedTest
  @ValueSource(ints = {1, 254, 255, 256, 510, 511, 1000})
  void longTextIsSplitIntoStringsThatJoinBack(int length) {
    String text = "v=TLSRPTv1; rua=" + "a".repeat(length);
    String line = new Publication.DnsRecord("_smtp._tls.example.org", 60, "TXT", text).zoneLine();

    String data = line.substring(line.indexOf("TXT ") + 4);
    List<String> strings = List.of(data.substring(1, data.length() - 1).split("\" \"", -1));
    assertThat(strings).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
    assertThat(String.join("", strings)).isEqualTo(text);
  }

  @Test
  void quotesAndBackslashesAreEscapedInTxt() {
    String line = new Publication.DnsRecord("x.example.org", 60, "TXT", "a\"b\\c").zoneLine();

    assertThat(line).endsWith("TXT \"a\\\"b\\\\c\"");
  }

  @Test
  void aFreshIdIsTheUtcSecondAndAValidId() {
    String id = Publication.freshId(Instant.parse("2026-11-29T13:05:00Z"));

    assertThat(id).isEqualTo("20261129130500");
    assertThat(StsRecord.parse("v=STSv1; id=" + id + ";").isOk()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Example.org",
        "example.org.",
        "ex\u00e4mple.org",
        "exa mple.org",
        "_mta-sts.example.org",
        "example..org"
      })
  void theDomainIsInItsALabelForm(String domain) {
    StsRecord sts = StsRecord.parse("v=STSv1; id=1;").orThrow();

    assertThatThrownBy(() -> new Publication(domain, POLICY, sts, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
