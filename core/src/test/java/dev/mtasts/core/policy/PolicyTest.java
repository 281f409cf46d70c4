package dev.mtasts.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyTest {
  /** RFC 8461 §3.2, the example policy. */
  static final String RFC_EXAMPLE =
      "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
          + "mx: backupmx.example.com\r\nmax_age: 604800\r\n";

  /** RFC 8461 Appendix A, the example policy. */
  static final String RFC_APPENDIX_A =
      "version: STSv1\r\nmode: testing\r\nmx: mx1.example.com\r\nmx: mx2.example.com\r\n"
          + "mx: mx.backup-example.com\r\nmax_age: 1296000\r\n";

  static Stream<Arguments> good() {
    return Stream.of(
        good(
            RFC_EXAMPLE,
            Mode.ENFORCE,
            604800,
            "mail.example.com",
            "*.example.net",
            "backupmx.example.com"),
        good(
            RFC_APPENDIX_A,
            Mode.TESTING,
            1296000,
            "mx1.example.com",
            "mx2.example.com",
            "mx.backup-example.com"),
        good(
            "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400",
            Mode.ENFORCE,
            86400,
            "a.example"),
        good("version: STSv1\nmode: none\nmax_age: 86400\n", Mode.NONE, 86400),
        good(
            "max_age: 0\nmx: a.example\nmode: testing\nversion: STSv1\n",
            Mode.TESTING,
            0,
            "a.example"),
        good(
            "version:STSv1\nmode:\t enforce \t\nmx:A.Example.COM  \nmax_age: 31557600\n",
            Mode.ENFORCE,
            31557600,
            "A.Example.COM"),
        good(
            "version: STSv1\nmode: enforce\nmx: xn--mnchen-3ya.example\nmax_age: 0000000001\n",
            Mode.ENFORCE,
            1,
            "xn--mnchen-3ya.example"),
        good(
            "version: STSv1\r\nmode: enforce\nmx: *.a.example\r\nmax_age: 5",
            Mode.ENFORCE,
            5,
            "*.a.example"));
  }

  @ParameterizedTest
  @MethodSource("good")
  void accepts(String text, Mode mode, long maxAge, List<String> mx) {
    ParseResult<Policy> result = Policy.parse(text);
    Policy policy = result.orThrow();
    assertThat(result.warnings()).isEmpty();
    assertThat(policy.mode()).isEqualTo(mode);
    assertThat(policy.maxAge()).isEqualTo(maxAge);
    assertThat(policy.mx()).extracting(MxPattern::pattern).containsExactlyElementsOf(mx);
    assertThat(Policy.parse(policy.toText()).orThrow()).isEqualTo(policy);
    assertThat(Policy.parse(text.getBytes(StandardCharsets.UTF_8)).orThrow()).isEqualTo(policy);
  }

  private static final String V = "version: STSv1\n";
  private static final String M = "mode: enforce\n";
  private static final String X = "mx: mail.example.com\n";
  private static final String A = "max_age: 86400\n";

  static Stream<Arguments> bad() {
    return Stream.of(
        bad("", "POLICY_EMPTY", 0, 0, "empty body"),
        bad("\n", "POLICY_BLANK_LINE", 1, 1, "only a line break"),
        bad(M + X + A, "POLICY_VERSION_MISSING", 0, 0, "no version"),
        bad(V + X + A, "POLICY_MODE_MISSING", 0, 0, "no mode"),
        bad(V + M + X, "POLICY_MAX_AGE_MISSING", 0, 0, "no max_age"),
        bad(V + M + A, "POLICY_MX_MISSING", 0, 0, "no mx with mode enforce"),
        bad(V + "mode: testing\n" + A, "POLICY_MX_MISSING", 0, 0, "no mx with mode testing"),
        bad("version: STSv2\n" + M + X + A, "POLICY_VERSION_INVALID", 1, 10, "unknown version"),
        bad(
            "version: stsv1\n" + M + X + A,
            "POLICY_VERSION_INVALID",
            1,
            10,
            "version is case-sensitive"),
        bad("version: STSv1;\n" + M + X + A, "POLICY_VERSION_INVALID", 1, 10, "TXT-record style"),
        bad(
            "Version: STSv1\n" + M + X + A,
            "POLICY_VERSION_MISSING",
            0,
            0,
            "field names are case-sensitive"),
        bad(V + "mode: Enforce\n" + X + A, "POLICY_MODE_INVALID", 2, 7, "mode is case-sensitive"),
        bad(V + "mode: reject\n" + X + A, "POLICY_MODE_INVALID", 2, 7, "unknown mode"),
        bad(V + "mode:\n" + X + A, "POLICY_MODE_INVALID", 2, 6, "empty mode"),
        bad(V + M + X + "max_age: -1\n", "POLICY_MAX_AGE_INVALID", 4, 10, "negative max_age"),
        bad(V + M + X + "max_age: 1d\n", "POLICY_MAX_AGE_INVALID", 4, 10, "unit suffix"),
        bad(V + M + X + "max_age: 86400.0\n", "POLICY_MAX_AGE_INVALID", 4, 10, "decimal"),
        bad(V + M + X + "max_age: 1 000\n", "POLICY_MAX_AGE_INVALID", 4, 10, "space in number"),
        bad(V + M + X + "max_age: 00000000001\n", "POLICY_MAX_AGE_INVALID", 4, 10, "11 digits"),
        bad(V + M + X + "max_age:\n", "POLICY_MAX_AGE_INVALID", 4, 9, "empty max_age"),
        bad(
            V + M + X + "max_age: 31557601\n",
            "POLICY_MAX_AGE_TOO_LARGE",
            4,
            10,
            "one over the maximum"),
        bad(V + M + X + "max_age: 9999999999\n", "POLICY_MAX_AGE_TOO_LARGE", 4, 10, "ten nines"),
        bad(V + M + "mx: mail.example.com.\n" + A, "POLICY_MX_INVALID", 3, 21, "trailing dot"),
        bad(V + M + "mx: *\n" + A, "POLICY_MX_INVALID", 3, 5, "wildcard alone"),
        bad(V + M + "mx: *.\n" + A, "POLICY_MX_INVALID", 3, 7, "wildcard without domain"),
        bad(
            V + M + "mx: mail.*.example.com\n" + A,
            "POLICY_MX_INVALID",
            3,
            10,
            "wildcard not left-most"),
        bad(
            V + M + "mx: *mail.example.com\n" + A,
            "POLICY_MX_INVALID",
            3,
            5,
            "partial-label wildcard"),
        bad(V + M + "mx: **.example.com\n" + A, "POLICY_MX_INVALID", 3, 5, "double wildcard"),
        bad(V + M + "mx: mail..example.com\n" + A, "POLICY_MX_INVALID", 3, 10, "empty label"),
        bad(V + M + "mx: -mail.example.com\n" + A, "POLICY_MX_INVALID", 3, 5, "leading hyphen"),
        bad(V + M + "mx: mail_1.example.com\n" + A, "POLICY_MX_INVALID", 3, 9, "underscore"),
        bad(
            V + M + "mx: mail.example.com, mx2.example.com\n" + A,
            "POLICY_MX_INVALID",
            3,
            21,
            "two patterns on one line"),
        bad(
            V + M + "mx: " + "a".repeat(64) + ".example\n" + A,
            "POLICY_MX_INVALID",
            3,
            68,
            "label of 64 characters"),
        bad(V + M + "mx: m\u00fcnchen.example\n" + A, "POLICY_MX_NOT_A_LABEL", 3, 6, "U-label"),
        bad(V + M + "mx: xn--zz.example\n" + A, "POLICY_MX_NOT_A_LABEL", 3, 5, "bogus Punycode"),
        bad(V + M + "mx:\n" + A, "POLICY_MX_INVALID", 3, 4, "empty mx"),
        bad(" " + V + M + X + A, "POLICY_FIELD_NAME_INVALID", 1, 1, "leading space"),
        bad(
            "version : STSv1\n" + M + X + A,
            "POLICY_FIELD_NAME_INVALID",
            1,
            8,
            "space before colon"),
        bad(V + M + X + A + "_ext: 1\n", "POLICY_FIELD_NAME_INVALID", 5, 1, "name starts with '_'"),
        bad(
            V + M + X + A + "n".repeat(33) + ": 1\n",
            "POLICY_FIELD_NAME_INVALID",
            5,
            33,
            "33-character name"),
        bad(V + M + X + A + ": 1\n", "POLICY_FIELD_NAME_INVALID", 5, 1, "empty name"),
        bad(V + M + X + A + "ext:\n", "POLICY_EXTENSION_INVALID", 5, 5, "empty extension value"),
        bad(V + M + X + A + "ext: a\tb\n", "POLICY_EXTENSION_INVALID", 5, 7, "tab inside a value"),
        bad(V + "mode enforce\n" + X + A, "POLICY_SYNTAX_LINE", 2, 1, "no colon"),
        bad(V + "\n" + M + X + A, "POLICY_BLANK_LINE", 2, 1, "blank line between fields"),
        bad("\n" + V + M + X + A, "POLICY_BLANK_LINE", 1, 1, "leading blank line"),
        bad(V + M + X + A + "\n", "POLICY_BLANK_LINE", 5, 1, "two line breaks at the end"),
        bad(V + M + X + A + "\r\n", "POLICY_BLANK_LINE", 5, 1, "CRLF blank line at the end"),
        bad(V + "  \n" + M + X + A, "POLICY_BLANK_LINE", 2, 1, "whitespace-only line"),
        bad("\uFEFF" + V + M + X + A, "POLICY_BOM", 1, 1, "byte order mark"),
        bad(V + "mode: enforce\0\n" + X + A, "POLICY_INVALID_CHARACTER", 2, 14, "NUL byte"),
        bad(
            V + "mode: enforce\r" + X + A,
            "POLICY_INVALID_CHARACTER",
            2,
            14,
            "CR line ending (old Mac)"),
        bad(
            V + M + X + "max_age: 86400\r",
            "POLICY_INVALID_CHARACTER",
            4,
            15,
            "CR without LF at the end"),
        bad(
            V + M + X + A + "ext: \u001b[31m\n",
            "POLICY_INVALID_CHARACTER",
            5,
            6,
            "escape sequence"),
        bad(
            V + M + X + A + "ext: a\ud800b\n",
            "POLICY_INVALID_CHARACTER",
            5,
            7,
            "unpaired surrogate"),
        bad(
            V + M + X + A + "ext: " + "x".repeat(1000) + "\n",
            "POLICY_LINE_TOO_LONG",
            5,
            1001,
            "long line"),
        bad("x: " + "y".repeat(70_000), "POLICY_TOO_LARGE", 0, 0, "over 64 KiB"),
        bad(
            "<html><body>Not Found</body></html>\n",
            "POLICY_SYNTAX_LINE",
            1,
            1,
            "an HTML error page"),
        bad("{\"version\": \"STSv1\"}\n", "POLICY_FIELD_NAME_INVALID", 1, 1, "JSON"));
  }

  @ParameterizedTest(name = "{4}")
  @MethodSource("bad")
  void rejects(String text, String code, int line, int column, String reason) {
    ParseResult<Policy> result = Policy.parse(text);
    assertThat(result.errors()).as(reason).extracting(Problem::code).contains(code);
    assertThat(result.errors())
        .filteredOn(p -> p.code().equals(code))
        .first()
        .as(reason)
        .extracting(Problem::line, Problem::column)
        .containsExactly(line, column);
  }

  @Test
  void reportsEveryErrorWithItsLine() {
    ParseResult<Policy> result =
        Policy.parse("version: STSv2\nmode: strict\nmx: bad_host\nmax_age: forever\nmx: *\n");
    assertThat(result.errors())
        .extracting(Problem::code, Problem::line)
        .containsExactly(
            tuple("POLICY_VERSION_INVALID", 1),
            tuple("POLICY_MODE_INVALID", 2),
            tuple("POLICY_MX_INVALID", 3),
            tuple("POLICY_MAX_AGE_INVALID", 4),
            tuple("POLICY_MX_INVALID", 5));
  }

  // RFC 8461 §3.2: "If any non-repeated field ... is duplicated, all entries except for the first
  // SHALL be ignored."
  @Test
  void repeatedFieldFirstWinsWithWarning() {
    ParseResult<Policy> result =
        Policy.parse(V + "mode: testing\nmode: enforce\n" + X + A + "max_age: 1\next: a\next: b\n");
    Policy policy = result.orThrow();
    assertThat(policy.mode()).isEqualTo(Mode.TESTING);
    assertThat(policy.maxAge()).isEqualTo(86400);
    assertThat(policy.extensions()).containsExactly(new Extension("ext", "a"));
    assertThat(result.warnings())
        .extracting(Problem::code, Problem::line)
        .containsExactly(
            tuple("POLICY_DUPLICATE_FIELD", 3),
            tuple("POLICY_DUPLICATE_FIELD", 6),
            tuple("POLICY_UNKNOWN_FIELD", 7),
            tuple("POLICY_DUPLICATE_FIELD", 8));
  }

  @Test
  void repeatedInvalidFieldStillWins() {
    assertThat(Policy.parse(V + "mode: bogus\n" + M + X + A).errors())
        .extracting(Problem::code)
        .containsExactly("POLICY_MODE_INVALID");
  }

  @Test
  void unknownFieldsAreKeptWithWarning() {
    ParseResult<Policy> result =
        Policy.parse(V + M + X + A + "comment: caf\u00e9 au lait  \nMode: none\n");
    Policy policy = result.orThrow();
    assertThat(policy.extensions())
        .containsExactly(
            new Extension("comment", "caf\u00e9 au lait"), new Extension("Mode", "none"));
    assertThat(result.warnings()).extracting(Problem::code).containsOnly("POLICY_UNKNOWN_FIELD");
    assertThat(result.warnings().get(1).message()).contains("case-sensitive", "'mode'");
    assertThat(Policy.parse(policy.toText()).orThrow()).isEqualTo(policy);
  }

  @Test
  void modeNoneMayStillListMx() {
    assertThat(Policy.parse(V + "mode: none\n" + X + A).orThrow().mx()).hasSize(1);
  }

  @Test
  void rejectsBytesThatAreNotUtf8WithTheirPosition() {
    byte[] body = (V + M + X + A + "ext: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Policy.parse(body).errors())
        .extracting(Problem::code, Problem::line, Problem::column)
        .containsExactly(tuple("POLICY_ENCODING", 5, 9));
    assertThat(Policy.parse(new byte[70_000]).errors())
        .extracting(Problem::code)
        .containsExactly("POLICY_TOO_LARGE");
  }

  @Test
  void writesCanonicalText() {
    Policy policy =
        new Policy(
            Mode.ENFORCE,
            List.of(new MxPattern("mail.example.com"), new MxPattern("*.example.net")),
            604800,
            List.of(new Extension("ext", "v")));
    assertThat(policy.toText())
        .isEqualTo(
            "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
                + "max_age: 604800\r\next: v\r\n");
    assertThat(Policy.parse(RFC_EXAMPLE).orThrow().toText()).isEqualTo(RFC_EXAMPLE);
  }

  @Test
  void constructorKeepsTheRfcInvariants() {
    assertThatThrownBy(() -> new Policy(Mode.ENFORCE, List.of(), 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Policy(Mode.NONE, List.of(), Policy.MAX_MAX_AGE + 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Policy(Mode.NONE, List.of(), -1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matchesMxAgainstEveryPattern() {
    Policy policy = Policy.parse(RFC_EXAMPLE).orThrow();
    assertThat(policy.matchesMx("mail.example.com")).isTrue();
    assertThat(policy.matchesMx("mx1.example.net.")).isTrue();
    assertThat(policy.matchesMx("BACKUPMX.example.com")).isTrue();
    assertThat(policy.matchesMx("example.net")).isFalse();
    assertThat(policy.matchesMx("mail.example.org")).isFalse();
  }

  private static Arguments good(String text, Mode mode, long maxAge, String... mx) {
    return arguments(text, mode, maxAge, List.of(mx));
  }

  private static Arguments bad(String text, String code, int line, int column, String reason) {
    return arguments(text, code, line, column, reason);
  }
}
