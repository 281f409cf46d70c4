package dev.mtasts.core.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6376 §3.4: the canonical forms, checked through their SHA-256 hashes. */
class CanonicalizationTest {

  private static String bodyHash(String body, Canonicalization canonicalization, long limit) {
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    return Base64.getEncoder()
        .encodeToString(BodyHash.of(bytes, 0, canonicalization, limit).digest());
  }

  private static String sha256(String canonical) {
    return Base64.getEncoder()
        .encodeToString(DkimAlgorithm.sha256(canonical.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void theRfcExampleHeaderFieldsInRelaxedForm() {
    // RFC 6376 §3.4.5
    assertThat(Canonicalization.RELAXED.header(new HeaderField("A", "A: X\r\n")))
        .isEqualTo("a:X\r\n");
    assertThat(Canonicalization.RELAXED.header(new HeaderField("B ", "B : Y\t\r\n\tZ  \r\n")))
        .isEqualTo("b:Y Z\r\n");
    assertThat(Canonicalization.SIMPLE.header(new HeaderField("B ", "B : Y\t\r\n\tZ  \r\n")))
        .isEqualTo("B : Y\t\r\n\tZ  \r\n");
  }

  @Test
  void theRfcExampleBodyInBothForms() {
    // RFC 6376 §3.4.5
    String body = " C \r\nD \t E\r\n\r\n\r\n";

    assertThat(bodyHash(body, Canonicalization.RELAXED, -1)).isEqualTo(sha256(" C\r\nD E\r\n"));
    assertThat(bodyHash(body, Canonicalization.SIMPLE, -1)).isEqualTo(sha256(" C \r\nD \t E\r\n"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // body | relaxed form | simple form, with <CR>, <LF> and <SP> for CR, LF and space
        "''                 | ''              | <CR><LF>",
        "<CR><LF><CR><LF>   | ''              | <CR><LF>",
        "<SP><CR><LF>       | ''              | <SP><CR><LF>",
        "abc                | abc<CR><LF>     | abc<CR><LF>",
        "a<SP><SP>b<LF>c<LF> | a<SP>b<CR><LF>c<CR><LF> | a<SP><SP>b<CR><LF>c<CR><LF>",
        "a<CR>b<CR><LF>     | a<CR>b<CR><LF>  | a<CR>b<CR><LF>",
        "<LF><LF>x<LF><LF>  | <CR><LF><CR><LF>x<CR><LF> | <CR><LF><CR><LF>x<CR><LF>",
      })
  void edgeCasesOfTheBody(String body, String relaxed, String simple) {
    assertThat(bodyHash(unescape(body), Canonicalization.RELAXED, -1))
        .isEqualTo(sha256(unescape(relaxed)));
    assertThat(bodyHash(unescape(body), Canonicalization.SIMPLE, -1))
        .isEqualTo(sha256(unescape(simple)));
  }

  @Test
  void aLengthLimitHashesThatManyCanonicalOctetsAndCountsAll() {
    byte[] body = "a  b\r\nc\r\n".getBytes(StandardCharsets.ISO_8859_1);

    BodyHash.Result limited = BodyHash.of(body, 0, Canonicalization.RELAXED, 3);

    assertThat(limited.digest())
        .isEqualTo(DkimAlgorithm.sha256("a b".getBytes(StandardCharsets.US_ASCII)));
    assertThat(limited.canonicalLength()).isEqualTo(8);
  }

  @Test
  void longLinesCrossTheBufferWithoutChange() {
    String line = "x".repeat(20_000) + "  y";
    String body = line + "\r\n" + line + "\r\n";

    assertThat(bodyHash(body, Canonicalization.RELAXED, -1))
        .isEqualTo(sha256(body.replace("  y", " y")));
    assertThat(bodyHash(body, Canonicalization.SIMPLE, -1)).isEqualTo(sha256(body));
  }

  private static String unescape(String text) {
    return text.replace("<CR>", "\r").replace("<LF>", "\n").replace("<SP>", " ");
  }
}
