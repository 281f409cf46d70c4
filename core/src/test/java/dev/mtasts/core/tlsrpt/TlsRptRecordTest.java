package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8460 §3: the {@code _smtp._tls} record grammar, as tables of good and bad records. */
class TlsRptRecordTest {

  static Stream<Arguments> good() {
    return Stream.of(
        // RFC 8460 §3.1.1 and §3.1.2
        good("v=TLSRPTv1;rua=mailto:reports@example.com", "mailto:reports@example.com"),
        good(
            "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt",
            "https://reporting.example.com/v1/tlsrpt"),
        good(
            "v=TLSRPTv1;rua=mailto:a@example.com,https://r.example.com/x",
            "mailto:a@example.com",
            "https://r.example.com/x"),
        good(
            "v=TLSRPTv1;rua=mailto:a@example.com \t, \thttps://r.example.com/x",
            "mailto:a@example.com",
            "https://r.example.com/x"),
        good("v=TLSRPTv1 ;\trua=mailto:a@example.com ; ", "mailto:a@example.com"),
        good("v=TLSRPTv1;rua=mailto:a@example.com;", "mailto:a@example.com"),
        good("v=TLSRPTv1;rua=mailto:a%2Cb%3Bc@example.com", "mailto:a%2Cb%3Bc@example.com"),
        good("v=TLSRPTv1;rua=MAILTO:a@example.com", "MAILTO:a@example.com"));
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        bad("", "TLSRPT_RECORD_VERSION"),
        bad("v=TLSRPTv2;rua=mailto:a@example.com", "TLSRPT_RECORD_VERSION"),
        bad("V=TLSRPTv1;rua=mailto:a@example.com", "TLSRPT_RECORD_VERSION"),
        bad("v=tlsrptv1;rua=mailto:a@example.com", "TLSRPT_RECORD_VERSION"),
        bad(" v=TLSRPTv1;rua=mailto:a@example.com", "TLSRPT_RECORD_VERSION"),
        bad("rua=mailto:a@example.com;v=TLSRPTv1", "TLSRPT_RECORD_VERSION"),
        bad("v=TLSRPTv1", "TLSRPT_RECORD_RUA_MISSING"),
        bad("v=TLSRPTv1;", "TLSRPT_RECORD_RUA_MISSING"),
        bad("v=TLSRPTv1;ext=1", "TLSRPT_RECORD_RUA_MISSING"),
        bad("v=TLSRPTv1;RUA=mailto:a@example.com", "TLSRPT_RECORD_RUA_MISSING"),
        bad("v=TLSRPTv1 rua=mailto:a@example.com", "TLSRPT_RECORD_SYNTAX"),
        bad("v=TLSRPTv1;;rua=mailto:a@example.com", "TLSRPT_RECORD_SYNTAX"),
        bad("v=TLSRPTv1;rua =mailto:a@example.com", "TLSRPT_RECORD_SYNTAX"),
        bad("v=TLSRPTv1;rua=", "TLSRPT_RECORD_URI_INVALID"),
        bad("v=TLSRPTv1;rua=mailto:a@example.com,", "TLSRPT_RECORD_URI_INVALID"),
        bad("v=TLSRPTv1;rua=a@example.com", "TLSRPT_RECORD_URI_INVALID"),
        bad("v=TLSRPTv1;rua=mailto:a!b@example.com", "TLSRPT_RECORD_URI_INVALID"),
        bad("v=TLSRPTv1;rua=https://x.example/a b", "TLSRPT_RECORD_URI_INVALID"),
        bad("v=TLSRPTv1;rua=https://x.example/%zz", "TLSRPT_RECORD_URI_INVALID"),
        bad("v=TLSRPTv1;rua=mailto:tlsrpt@exämple.org", "TLSRPT_RECORD_URI_INVALID"),
        bad("v=TLSRPTv1;rua=https://rëports.example/v1", "TLSRPT_RECORD_URI_INVALID"),
        bad(
            "v=TLSRPTv1;rua=mailto:tlsrpt@example.org,mailto:b@exämple.org",
            "TLSRPT_RECORD_URI_INVALID"),
        bad("v=TLSRPTv1;rua=mailto:a@example.com;ext=", "TLSRPT_RECORD_EXTENSION_VALUE"),
        bad("v=TLSRPTv1;rua=mailto:a@example.com;ext=a=b", "TLSRPT_RECORD_EXTENSION_VALUE"),
        bad("v=TLSRPTv1;rua=mailto:a@example.com;ext=a b", "TLSRPT_RECORD_EXTENSION_VALUE"),
        bad("v=TLSRPTv1;rua=mailto:a@example.com;_x=1", "TLSRPT_RECORD_SYNTAX"),
        bad("v=TLSRPTv1;rua=mailto:a@example.com;" + "a".repeat(33) + "=1", "TLSRPT_RECORD_SYNTAX"),
        bad("v=TLSRPTv1;rua=http://r.example.com/x", "TLSRPT_RUA_UNSUPPORTED"),
        bad("v=TLSRPTv1;rua=ftp://r.example.com/x,tel:+1234", "TLSRPT_RUA_UNSUPPORTED"));
  }

  private static Arguments good(String record, String... rua) {
    return Arguments.of(record, List.of(rua));
  }

  private static Arguments bad(String record, String code) {
    return Arguments.of(record, code);
  }

  @ParameterizedTest(name = "good: {0}")
  @MethodSource("good")
  void acceptsValidRecords(String text, List<String> rua) {
    ParseResult<TlsRptRecord> result = TlsRptRecord.parse(text);

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    assertThat(result.orThrow().rua()).map(URI::toString).isEqualTo(rua);
  }

  @ParameterizedTest(name = "bad: {0} -> {1}")
  @MethodSource("bad")
  void rejectsInvalidRecords(String text, String code) {
    ParseResult<TlsRptRecord> result = TlsRptRecord.parse(text);

    assertThat(result.isOk()).isFalse();
    assertThat(result.errors()).extracting(Problem::code).contains(code);
  }

  @Test
  void percentEncodedCommaAndSemicolonStayInsideOneUri() {
    TlsRptRecord record =
        TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:a%2Cb%3Bc@example.com,https://x.example/r")
            .orThrow();

    assertThat(record.rua()).hasSize(2);
    assertThat(record.rua().getFirst().getSchemeSpecificPart()).isEqualTo("a,b;c@example.com");
  }

  @Test
  void keepsExtensionsAndIgnoresThem() {
    TlsRptRecord record =
        TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:a@example.com;x-key=value;n.2=%41").orThrow();

    assertThat(record.extensions()).isEqualTo(Map.of("x-key", "value", "n.2", "%41"));
    assertThat(record.toString())
        .isEqualTo("v=TLSRPTv1; rua=mailto:a@example.com; x-key=value; n.2=%41");
  }

  @Test
  void unsupportedSchemeBesideASupportedOneIsAWarning() {
    ParseResult<TlsRptRecord> result =
        TlsRptRecord.parse("v=TLSRPTv1;rua=http://x.example/r,mailto:a@example.com");

    assertThat(result.orThrow().rua()).hasSize(2);
    assertThat(result.orThrow().supportedRua())
        .map(URI::toString)
        .containsExactly("mailto:a@example.com");
    assertThat(result.warnings())
        .extracting(Problem::code)
        .containsExactly("TLSRPT_RUA_UNSUPPORTED");
  }

  @Test
  void errorsCarryTheColumn() {
    Problem error =
        TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:a@x.example;ext=").errors().getFirst();

    assertThat(error.line()).isEqualTo(1);
    assertThat(error.column()).isEqualTo(39);
  }

  // RFC 8460 §3: records not starting with v=TLSRPTv1 are discarded; exactly one must remain.
  @Test
  void selectsTheOneTlsrptRecord() {
    assertThat(
            TlsRptRecord.select(
                    List.of(
                        "v=spf1 -all",
                        "v=TLSRPTv10;rua=mailto:b@example.com",
                        "v=TLSRPTv1 ;rua=mailto:a@example.com",
                        "other"))
                .orThrow()
                .rua())
        .map(URI::toString)
        .containsExactly("mailto:a@example.com");
  }

  @Test
  void selectRejectsNoneAndSeveral() {
    assertThat(TlsRptRecord.select(List.of("v=spf1 -all")).errors())
        .extracting(Problem::code)
        .containsExactly("TLSRPT_RECORD_NONE");
    assertThat(
            TlsRptRecord.select(
                    List.of(
                        "v=TLSRPTv1;rua=mailto:a@example.com",
                        "v=TLSRPTv1;rua=mailto:b@example.com"))
                .errors())
        .extracting(Problem::code)
        .containsExactly("TLSRPT_RECORD_MULTIPLE");
  }

  // ---- RFC 8460 §3: repeated fields are valid syntax; parsers MUST accept them

  @Test
  void repeatedRuaFieldsAreAcceptedAndAllTheirUrisCountInOrder() {
    ParseResult<TlsRptRecord> result =
        TlsRptRecord.parse(
            "v=TLSRPTv1;rua=mailto:a@example.com;rua=https://r.example.com/x,mailto:b@example.com");

    assertThat(result.errors()).isEmpty();
    assertThat(result.orThrow().rua())
        .map(URI::toString)
        .containsExactly("mailto:a@example.com", "https://r.example.com/x", "mailto:b@example.com");
    assertThat(result.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.code()).isEqualTo("TLSRPT_RECORD_RUA_DUPLICATE");
              assertThat(w.column()).isEqualTo(37);
            });
  }

  @Test
  void aUriListedTwiceCountsOnce() {
    ParseResult<TlsRptRecord> result =
        TlsRptRecord.parse(
            "v=TLSRPTv1;rua=mailto:a@example.com,mailto:b@example.com;rua=mailto:a@example.com");

    assertThat(result.orThrow().rua())
        .map(URI::toString)
        .containsExactly("mailto:a@example.com", "mailto:b@example.com");
    assertThat(result.warnings())
        .extracting(Problem::code)
        .containsExactly("TLSRPT_RECORD_RUA_DUPLICATE", "TLSRPT_RUA_DUPLICATE_URI");
  }

  @Test
  void aRepeatedExtensionIsAcceptedAndItsFirstValueCounts() {
    ParseResult<TlsRptRecord> result =
        TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:a@example.com;x=1;x=2");

    assertThat(result.errors()).isEmpty();
    assertThat(result.orThrow().extensions()).containsExactly(Map.entry("x", "1"));
    assertThat(result.warnings())
        .extracting(Problem::code)
        .containsExactly("TLSRPT_RECORD_DUPLICATE_FIELD");
  }

  @Test
  void aRepeatedRuaFieldThatIsInvalidIsStillAnError() {
    assertThat(TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:a@example.com;rua=a@example.com").errors())
        .extracting(Problem::code)
        .containsExactly("TLSRPT_RECORD_URI_INVALID");
  }

  // ---- URIs are ASCII (RFC 3986 §2): a U-label gets its A-label suggested

  @Test
  void aUnicodeMailDomainIsRefusedWithItsALabel() {
    Problem error =
        TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:tlsrpt@exämple.org").errors().getFirst();

    assertThat(error.message())
        .contains("is not a URI")
        .contains("ASCII")
        .contains("mailto:tlsrpt@xn--exmple-cua.org");
    assertThat(error.column()).isEqualTo(16);
  }

  @Test
  void aUnicodeHttpsHostIsRefusedWithItsALabel() {
    assertThat(
            TlsRptRecord.parse("v=TLSRPTv1;rua=https://rëports.example:8443/v1?a=ü")
                .errors()
                .getFirst()
                .message())
        .contains("https://xn--rports-pva.example:8443/v1?a=%C3%BC");
  }

  @Test
  void aUnicodeLocalPartIsPercentEncodedInTheSuggestion() {
    assertThat(
            TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:jörg@example.org")
                .errors()
                .getFirst()
                .message())
        .contains("mailto:j%C3%B6rg@example.org");
  }
}
