package dev.mtasts.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StsRecordTest {

  static Stream<Arguments> good() {
    return Stream.of(
        // RFC 8461 §3.1 and Appendix A
        good("v=STSv1; id=20160831085700Z;", "20160831085700Z"),
        good("v=STSv1; id=20160831085700Z", "20160831085700Z"),
        good("v=STSv1;id=abc", "abc"),
        good("v=STSv1 ; id=abc ;  ", "abc"),
        good("v=STSv1;\tid=abc", "abc"),
        good("v=STSv1; id=" + "a".repeat(32), "a".repeat(32)),
        good("v=STSv1; id=1", "1"),
        good("v=STSv1; ext=value; id=1", "1"));
  }

  @ParameterizedTest
  @MethodSource("good")
  void accepts(String txt, String id) {
    StsRecord record = StsRecord.parse(txt).orThrow();
    assertThat(record.id()).isEqualTo(id);
    assertThat(StsRecord.parse(record.toText()).orThrow()).isEqualTo(record);
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        bad("", "STS_RECORD_EMPTY", 0, "nothing at all"),
        bad("id=1; v=STSv1", "STS_RECORD_VERSION", 1, "version must come first"),
        bad(" v=STSv1; id=1", "STS_RECORD_VERSION", 1, "leading whitespace"),
        bad("V=STSv1; id=1", "STS_RECORD_VERSION", 1, "v is case-sensitive"),
        bad("v=stsv1; id=1", "STS_RECORD_VERSION", 1, "STSv1 is case-sensitive"),
        bad("v=STSv2; id=1", "STS_RECORD_VERSION", 1, "unknown version"),
        bad("v=STSv10; id=1", "STS_RECORD_VERSION", 1, "version followed by a character"),
        bad("v = STSv1; id=1", "STS_RECORD_VERSION", 1, "spaces around '='"),
        bad("v=STSv1", "STS_RECORD_ID_MISSING", 0, "version alone"),
        bad("v=STSv1;", "STS_RECORD_ID_MISSING", 0, "version and delimiter alone"),
        bad("v=STSv1; ext=1", "STS_RECORD_ID_MISSING", 0, "no id"),
        bad("v=STSv1; ID=1", "STS_RECORD_ID_MISSING", 0, "id is case-sensitive"),
        bad("v=STSv1; id=", "STS_RECORD_ID_INVALID", 13, "empty id"),
        bad("v=STSv1; id=" + "a".repeat(33), "STS_RECORD_ID_INVALID", 13, "id of 33 characters"),
        bad("v=STSv1; id=2016-08-31", "STS_RECORD_ID_INVALID", 13, "hyphen in id"),
        bad("v=STSv1; id=abc_def", "STS_RECORD_ID_INVALID", 13, "underscore in id"),
        bad("v=STSv1; id=a=b", "STS_RECORD_ID_INVALID", 13, "'=' in id"),
        bad("v=STSv1; id=abc def", "STS_RECORD_SYNTAX", 17, "space inside the id"),
        bad("v=STSv1; id=abc ", "STS_RECORD_SYNTAX", 16, "trailing space without ';'"),
        bad("v=STSv1 id=abc", "STS_RECORD_SYNTAX", 9, "no ';' after the version"),
        bad("v=STSv1;; id=abc", "STS_RECORD_SYNTAX", 9, "empty field"),
        bad("v=STSv1; id=abc;;", "STS_RECORD_SYNTAX", 17, "two trailing ';'"),
        bad("v=STSv1; id", "STS_RECORD_SYNTAX", 10, "field without '='"),
        bad("v=STSv1; id=1; =x", "STS_RECORD_EXTENSION_INVALID", 16, "empty field name"),
        bad("v=STSv1; id=1; _x=y", "STS_RECORD_EXTENSION_INVALID", 16, "name starts with '_'"),
        bad("v=STSv1; id=1; x=", "STS_RECORD_EXTENSION_INVALID", 18, "empty extension value"),
        bad("v=STSv1; id=1; x=a=b", "STS_RECORD_EXTENSION_INVALID", 19, "'=' in extension value"),
        bad(
            "v=STSv1; id=1; " + "n".repeat(33) + "=v",
            "STS_RECORD_EXTENSION_INVALID",
            48,
            "extension name of 33 characters"),
        bad("v=STSv1; id=1; x=caf\u00e9", "STS_RECORD_NON_ASCII", 21, "non-ASCII value"),
        bad("v=STSv1; id=1\0", "STS_RECORD_SYNTAX", 14, "NUL byte"),
        bad("v=STSv1; id=1;\r\n", "STS_RECORD_SYNTAX", 15, "line break"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("bad")
  void rejects(String txt, String code, int column, String reason) {
    ParseResult<StsRecord> result = StsRecord.parse(txt);
    assertThat(result.errors()).as(reason).extracting(Problem::code).contains(code);
    assertThat(result.errors())
        .filteredOn(p -> p.code().equals(code))
        .first()
        .extracting(Problem::column)
        .isEqualTo(column);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"v=STSv1; id=abc;\"", "\"v=STSv1; \" \"id=abc;\"", " \"v=STSv1; id=abc;\""})
  void aRecordInZoneFileQuotesIsToldAboutTheQuotes(String pasted) {
    assertThat(StsRecord.parse(pasted).errors())
        .extracting(Problem::code, Problem::message)
        .containsExactly(
            tuple(
                "STS_RECORD_VERSION",
                "the record begins with a quote: the quotes of a zone file are not part of the"
                    + " record; give the text between them (several quoted strings joined,"
                    + " without the quotes and the spaces between them)"));
  }

  @Test
  void whitespaceAroundTheVersionsEqualsSignIsNamed() {
    assertThat(StsRecord.parse("v = STSv1; id=1").errors())
        .extracting(Problem::message)
        .containsExactly(
            "the record must begin with 'v=STSv1' exactly: no whitespace around '=' (RFC 8461"
                + " §3.1)");
  }

  static Stream<Arguments> spacedEquals() {
    return Stream.of(
        arguments("v=STSv1 ; id = abc ;", "id = abc", "id=abc", 13),
        arguments("v=STSv1; id =abc", "id =abc", "id=abc", 12),
        arguments("v=STSv1; id= abc", "id= abc", "id=abc", 13),
        arguments("v=STSv1; id=1; ext\t=\tx", "ext\t=\tx", "ext=x", 19),
        arguments("v=STSv1; id =", "id =", "id=", 12));
  }

  @ParameterizedTest
  @MethodSource("spacedEquals")
  void whitespaceAroundEqualsIsTheReasonGiven(
      String txt, String written, String meant, int column) {
    assertThat(StsRecord.parse(txt).errors())
        .extracting(Problem::code, Problem::message, Problem::column)
        .containsExactly(
            tuple(
                "STS_RECORD_SYNTAX",
                "whitespace around '=' in '"
                    + written
                    + "': write '"
                    + meant
                    + "' (RFC 8461 §3.1 allows whitespace only around ';')",
                column));
  }

  @Test
  void aFieldWithoutAnyEqualsSignStaysThat() {
    assertThat(StsRecord.parse("v=STSv1; id abc").errors())
        .extracting(Problem::message)
        .first()
        .isEqualTo("expected 'name=value', found no '='");
    assertThat(StsRecord.parse("v=STSv1; id= ;").errors())
        .extracting(Problem::code)
        .containsExactly("STS_RECORD_ID_INVALID");
  }

  @Test
  void repeatedFieldFirstWinsWithWarning() {
    ParseResult<StsRecord> result = StsRecord.parse("v=STSv1; id=first; id=second; v=STSv1");
    assertThat(result.orThrow().id()).isEqualTo("first");
    assertThat(result.warnings())
        .extracting(Problem::code, Problem::column)
        .containsExactly(
            tuple("STS_RECORD_DUPLICATE_FIELD", 20), tuple("STS_RECORD_DUPLICATE_FIELD", 31));
  }

  @Test
  void repeatedInvalidIdStillWins() {
    assertThat(StsRecord.parse("v=STSv1; id=a-b; id=ok").errors())
        .extracting(Problem::code)
        .containsExactly("STS_RECORD_ID_INVALID");
  }

  @Test
  void extensionsAreKeptWithWarningAndWrittenBack() {
    ParseResult<StsRecord> result = StsRecord.parse("v=STSv1; id=1; ext.v-1=a:b<>");
    StsRecord record = result.orThrow();
    assertThat(record.extensions()).containsExactly(new Extension("ext.v-1", "a:b<>"));
    assertThat(result.warnings())
        .extracting(Problem::code)
        .containsExactly("STS_RECORD_UNKNOWN_FIELD");
    assertThat(record.toText()).isEqualTo("v=STSv1; id=1; ext.v-1=a:b<>;");
  }

  @Test
  void reportsEveryError() {
    assertThat(StsRecord.parse("v=STSv1; id=a_b;; x=").errors())
        .extracting(Problem::code)
        .containsExactly(
            "STS_RECORD_ID_INVALID", "STS_RECORD_SYNTAX", "STS_RECORD_EXTENSION_INVALID");
  }

  @Test
  void writesTheRfcForm() {
    assertThat(new StsRecord("20160831085700Z", List.of()).toText())
        .isEqualTo("v=STSv1; id=20160831085700Z;");
    assertThatThrownBy(() -> new StsRecord("a-b", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // RFC 8461 §3.1: records not beginning with the version are discarded; not exactly one: no policy
  @Test
  void selectsTheOneRecordAmongOthers() {
    StsRecordSelection selection =
        StsRecord.select(List.of("v=spf1 -all", "v=STSv1; id=abc;", "google-site-verification=x"));
    assertThat(selection).isInstanceOf(StsRecordSelection.One.class);
    StsRecordSelection.One one = (StsRecordSelection.One) selection;
    assertThat(one.text()).isEqualTo("v=STSv1; id=abc;");
    assertThat(one.result().orThrow().id()).isEqualTo("abc");
  }

  @Test
  void selectsNothingWhenNoRecordBeginsWithTheVersion() {
    assertThat(StsRecord.select(List.of())).isEqualTo(new StsRecordSelection.None());
    assertThat(
            StsRecord.select(
                List.of("v=spf1 -all", "V=STSv1; id=1", " v=STSv1; id=1", "v=STSv10; id=1")))
        .isEqualTo(new StsRecordSelection.None());
  }

  @Test
  void multipleRecordsMeanNoPolicy() {
    assertThat(StsRecord.select(List.of("v=STSv1; id=1", "v=STSv1 ;id=2")))
        .isEqualTo(new StsRecordSelection.Multiple(List.of("v=STSv1; id=1", "v=STSv1 ;id=2")));
  }

  @Test
  void oneInvalidCandidateCarriesItsErrors() {
    StsRecordSelection selection = StsRecord.select(List.of("v=STSv1; id=not valid"));
    assertThat(((StsRecordSelection.One) selection).result().errors())
        .extracting(Problem::code)
        .containsExactly("STS_RECORD_SYNTAX");
  }

  private static Arguments good(String txt, String id) {
    return arguments(txt, id);
  }

  private static Arguments bad(String txt, String code, int column, String reason) {
    return arguments(txt, code, column, reason);
  }
}
