package dev.mtasts.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.dns.TlsaRecord;
import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Authority;
import dev.mtasts.core.testing.TestCertificates.Issued;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsaMatcherTest {

  private static final Authority ROOT = TestCertificates.rootCa("TLSA Root");
  private static final Authority CA = ROOT.intermediate("TLSA Intermediate");
  private static final Issued LEAF = CA.issue("mx.example.com");
  private static final List<X509Certificate> CHAIN = LEAF.chain();

  private static TlsaRecord record(int usage, int selector, int matching, X509Certificate cert)
      throws Exception {
    return new TlsaRecord(
        usage, selector, matching, TlsaMatcher.associationData(cert, selector, matching));
  }

  @Test
  void daneEeMatchesTheLeafInEverySelectorAndMatchingType() throws Exception {
    for (int selector = 0; selector <= 1; selector++) {
      for (int matching = 0; matching <= 2; matching++) {
        TlsaRecord r = record(3, selector, matching, LEAF.certificate());
        var result = TlsaMatcher.match(List.of(r), CHAIN);
        assertThat(result.matches())
            .as("3 %d %d", selector, matching)
            .containsExactly(new TlsaMatcher.Match(r, 0));
      }
    }
  }

  @Test
  void daneTaMatchesTheIntermediate() throws Exception {
    TlsaRecord r = record(2, 1, 1, CA.certificate());
    assertThat(TlsaMatcher.match(List.of(r), CHAIN).matches())
        .containsExactly(new TlsaMatcher.Match(r, 1));
  }

  @Test
  void daneEeDoesNotMatchAnIntermediate() throws Exception {
    TlsaRecord r = record(3, 1, 1, CA.certificate());
    assertThat(TlsaMatcher.match(List.of(r), CHAIN).anyMatch()).isFalse();
  }

  @Test
  void daneTaDoesNotMatchTheLeaf() throws Exception {
    TlsaRecord r = record(2, 1, 1, LEAF.certificate());
    assertThat(TlsaMatcher.match(List.of(r), CHAIN).anyMatch()).isFalse();
  }

  @Test
  void otherKeyDoesNotMatch() throws Exception {
    TlsaRecord r = record(3, 1, 1, CA.issue("mx.example.com").certificate());
    var result = TlsaMatcher.match(List.of(r), CHAIN);
    assertThat(result.anyMatch()).isFalse();
    assertThat(result.anyUsable()).isTrue();
  }

  @Test
  void truncatedDigestDoesNotMatch() throws Exception {
    byte[] digest = TlsaMatcher.associationData(LEAF.certificate(), 1, 1);
    TlsaRecord r = new TlsaRecord(3, 1, 1, java.util.Arrays.copyOf(digest, 31));
    assertThat(TlsaMatcher.match(List.of(r), CHAIN).anyMatch()).isFalse();
  }

  @Test
  void pkixUsagesAndUnknownParametersAreUnusableForSmtp() throws Exception {
    List<TlsaRecord> records =
        List.of(
            record(0, 1, 1, ROOT.certificate()),
            record(1, 1, 1, LEAF.certificate()),
            new TlsaRecord(3, 2, 1, new byte[32]),
            new TlsaRecord(3, 1, 3, new byte[32]),
            new TlsaRecord(4, 1, 1, new byte[32]));
    var result = TlsaMatcher.match(records, CHAIN);
    assertThat(result.unusable()).containsExactlyElementsOf(records);
    assertThat(result.anyUsable()).isFalse();
    assertThat(result.anyMatch()).isFalse();
  }

  @Test
  void mixedRecordsReportEachMatch() throws Exception {
    TlsaRecord ee = record(3, 1, 1, LEAF.certificate());
    TlsaRecord ta = record(2, 0, 2, CA.certificate());
    TlsaRecord stale = new TlsaRecord(3, 1, 1, new byte[32]);
    var result = TlsaMatcher.match(List.of(stale, ee, ta), CHAIN);
    assertThat(result.matches())
        .containsExactly(new TlsaMatcher.Match(ee, 0), new TlsaMatcher.Match(ta, 1));
    assertThat(result.usable()).isEqualTo(3);
  }

  @Test
  void emptyChainMatchesNothing() throws Exception {
    assertThat(
            TlsaMatcher.match(List.of(record(3, 1, 1, LEAF.certificate())), List.of()).anyMatch())
        .isFalse();
  }
}
