package dev.mtasts.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Leniency#SENDER}: what real senders read past (RFC 8461 §3.2 grammar aside) is read with a
 * warning carrying the strict error's code; everything else is read exactly as {@link
 * Leniency#STRICT} reads it, and the strict reading does not change.
 */
class SenderLeniencyTest {

  private static final String V = "version: STSv1\n";
  private static final String M = "mode: enforce\n";
  private static final String X = "mx: mail.example.com\n";
  private static final String A = "max_age: 86400\n";
  private static final String CRLF_POLICY =
      "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 86400\r\n";

  /** The policy every tolerated input below means. */
  private static final Policy MEANT = Policy.parse(V + M + X + A).orThrow();

  /** A lone CR: one not followed by LF. */
  private static final Pattern LONE_CR = Pattern.compile("\r(?!\n)");

  /**
   * Tolerated inputs: the code, line and column of each warning, which strict reports as errors.
   */
  static Stream<Arguments> tolerated() {
    return Stream.of(
        tolerated(V + M + X + A + "\n", "one blank line at the end (LF)", blank(5)),
        tolerated(CRLF_POLICY + "\r\n", "one blank line at the end (CRLF)", blank(5)),
        tolerated(
            CRLF_POLICY + "\r\n\r\n\r\n",
            "three CRLF blank lines at the end",
            blank(5),
            blank(6),
            blank(7)),
        tolerated(V + M + X + A + "\n\n", "two LF blank lines at the end", blank(5), blank(6)),
        tolerated(V + "\n" + M + X + A, "blank line between fields", blank(2)),
        tolerated("\n" + V + M + X + A, "blank line at the start", blank(1)),
        tolerated(V + " \t \n" + M + X + A, "whitespace-only line", blank(2)),
        tolerated(V + M + X + A + "   ", "whitespace after the last line ending", blank(5)),
        tolerated("\uFEFF" + V + M + X + A, "byte order mark", tuple("POLICY_BOM", 1, 1)),
        tolerated(
            "\uFEFF" + CRLF_POLICY + "\r\n",
            "byte order mark and a blank line",
            tuple("POLICY_BOM", 1, 1),
            blank(5)),
        tolerated(
            "version: STSv1\rmode: enforce\rmx: mail.example.com\rmax_age: 86400\r",
            "CR line endings (old Mac)",
            cr(1, 15),
            cr(2, 14),
            cr(3, 21),
            cr(4, 15)),
        tolerated(V + M + X + "max_age: 86400\r", "CRLF trimmed to CR at the end", cr(4, 15)),
        tolerated(
            V + M + X + A + "\r\n\r\n", "LF endings, then CRLF blank lines", blank(5), blank(6)),
        tolerated(V + "mode: enforce\r\r\n" + X + A, "CR CR LF", cr(2, 14), blank(3)));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("tolerated")
  void readsWhatSendersReadPastWithAWarning(String text, String reason, List<Tuple> expected) {
    ParseResult<Policy> sender = Policy.parse(text, Leniency.SENDER);

    assertThat(sender.errors()).as(reason).isEmpty();
    assertThat(sender.orThrow()).as(reason).isEqualTo(MEANT);
    assertThat(sender.warnings())
        .as(reason)
        .extracting(p -> tuple(p.code(), p.line(), p.column()))
        .containsExactlyElementsOf(expected);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThat(Policy.parse(bytes, Leniency.SENDER)).as(reason + ", as bytes").isEqualTo(sender);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("tolerated")
  void strictStillRejectsWhatSendersReadPast(String text, String reason, List<Tuple> expected) {
    ParseResult<Policy> strict = Policy.parse(text);

    assertThat(strict.isOk()).as(reason).isFalse();
    assertThat(Policy.parse(text, Leniency.STRICT)).as(reason).isEqualTo(strict);
    assertThat(strict.errors())
        .as(reason)
        .extracting(Problem::code)
        .contains(expected.getFirst().toList().getFirst().toString());
  }

  /**
   * Every input of the strict table that holds none of the tolerated deviations gets exactly the
   * strict result: the same errors at the same places, the same warnings.
   */
  @ParameterizedTest(name = "{4}")
  @MethodSource("dev.mtasts.core.policy.PolicyTest#bad")
  void everyOtherStrictErrorIsASenderErrorToo(
      String text, String code, int line, int column, String reason) {
    ParseResult<Policy> strict = Policy.parse(text);
    boolean holdsTolerated =
        text.startsWith("\uFEFF")
            || LONE_CR.matcher(text).find()
            || strict.errors().stream().anyMatch(p -> p.code().equals("POLICY_BLANK_LINE"));
    if (holdsTolerated) {
      assertThat(code).isIn("POLICY_BOM", "POLICY_INVALID_CHARACTER", "POLICY_BLANK_LINE");
      return;
    }
    assertThat(Policy.parse(text, Leniency.SENDER)).as(reason).isEqualTo(strict);
  }

  /** Meaning-changing errors stay errors, also beside a tolerated deviation. */
  static Stream<Arguments> stillErrors() {
    return Stream.of(
        error(V + "mode: enforcing\n" + X + A + "\n", "POLICY_MODE_INVALID", "unknown mode"),
        error(V + "mode: Enforce\n\n" + X + A, "POLICY_MODE_INVALID", "mode in upper case"),
        error(V + M + X + "max_age: 1d\n\n", "POLICY_MAX_AGE_INVALID", "max_age with a unit"),
        error(V + M + X + "max_age: -1\n\n", "POLICY_MAX_AGE_INVALID", "negative max_age"),
        error(V + M + X + "max_age: 31557601\n\n", "POLICY_MAX_AGE_TOO_LARGE", "max_age too large"),
        error(V + M + A + "\n", "POLICY_MX_MISSING", "enforce without mx"),
        error(V + "mode: testing\n" + A + "\n", "POLICY_MX_MISSING", "testing without mx"),
        error(V + M + "mx: *\n" + A + "\n", "POLICY_MX_INVALID", "wildcard alone"),
        error(V + M + "mx: m\u00fcnchen.example\n" + A + "\n", "POLICY_MX_NOT_A_LABEL", "U-label"),
        error("\uFEFFversion: STSv2\n" + M + X + A, "POLICY_VERSION_INVALID", "unknown version"),
        error(M + X + A + "\n", "POLICY_VERSION_MISSING", "no version"),
        error("\n\n", "POLICY_VERSION_MISSING", "only blank lines"),
        error("\uFEFF", "POLICY_MODE_MISSING", "only a byte order mark"),
        error(V + M + X + " mx: b.example\n" + A, "POLICY_FIELD_NAME_INVALID", "leading space"),
        error(V + M + X + "\tmx: b.example\n" + A, "POLICY_FIELD_NAME_INVALID", "leading tab"),
        error(V + "mode : enforce\n" + X + A, "POLICY_FIELD_NAME_INVALID", "space before colon"),
        error(V + M + "mx mail.example.com\n" + A, "POLICY_SYNTAX_LINE", "mx without colon"),
        error(V + M + X + A + "# comment\n", "POLICY_SYNTAX_LINE", "a comment line"),
        error("\uFEFF\uFEFF" + V + M + X + A, "POLICY_FIELD_NAME_INVALID", "two byte order marks"),
        error(V + "\uFEFF" + M + X + A, "POLICY_FIELD_NAME_INVALID", "BOM not at the start"),
        error(V + "mode: enf\rorce\n" + X + A, "POLICY_MODE_INVALID", "CR inside a value"),
        error(V + "mode: enforce\u000b\n" + X + A, "POLICY_INVALID_CHARACTER", "vertical tab"),
        error(V + "mode: enforce\f" + X + A, "POLICY_INVALID_CHARACTER", "form feed"),
        error(V + "mode: enforce\0\n" + X + A, "POLICY_INVALID_CHARACTER", "NUL"),
        error("", "POLICY_EMPTY", "empty body"),
        error("x: " + "y".repeat(70_000) + "\n\n", "POLICY_TOO_LARGE", "over 64 KiB"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("stillErrors")
  void meaningChangingDeviationsStayErrors(String text, String code, String reason) {
    ParseResult<Policy> sender = Policy.parse(text, Leniency.SENDER);
    assertThat(sender.isOk()).as(reason).isFalse();
    assertThat(sender.errors()).as(reason).extracting(Problem::code).contains(code);
    assertThat(Policy.parse(text).isOk()).as(reason + ", strict").isFalse();
  }

  @Test
  void bytesThatAreNotUtf8StayAnError() {
    byte[] latin1 = (V + M + X + A + "\next: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Policy.parse(latin1, Leniency.SENDER).errors())
        .extracting(Problem::code)
        .containsExactly("POLICY_ENCODING");
  }

  @Test
  void aByteOrderMarkAsBytesIsReadPast() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] policy = CRLF_POLICY.getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[bom.length + policy.length];
    System.arraycopy(bom, 0, body, 0, bom.length);
    System.arraycopy(policy, 0, body, bom.length, policy.length);

    ParseResult<Policy> sender = Policy.parse(body, Leniency.SENDER);
    assertThat(sender.orThrow()).isEqualTo(MEANT);
    assertThat(sender.warnings()).extracting(Problem::code).containsExactly("POLICY_BOM");
    assertThat(Policy.parse(body).errors()).extracting(Problem::code).containsExactly("POLICY_BOM");
  }

  @Test
  void theRfcToleratedWarningsAreKeptBesideTheSenderOnes() {
    ParseResult<Policy> sender =
        Policy.parse(V + "mode: testing\n" + M + X + A + "ext: 1\n\n", Leniency.SENDER);
    assertThat(sender.orThrow().mode()).isEqualTo(Mode.TESTING);
    assertThat(sender.warnings())
        .extracting(Problem::code, Problem::line)
        .containsExactly(
            tuple("POLICY_DUPLICATE_FIELD", 3),
            tuple("POLICY_UNKNOWN_FIELD", 6),
            tuple("POLICY_BLANK_LINE", 7));
  }

  @Test
  void theBlankLineMessageStatesTheRuleAndLeavesWhatSendersDoToTheReader() {
    // What senders do depends on who reads it: check says it in its finding, query in its warning.
    Problem blank = Policy.parse(V + M + X + A + "\n").errors().getFirst();
    assertThat(blank.code()).isEqualTo("POLICY_BLANK_LINE");
    assertThat(blank.message())
        .isEqualTo("blank line: the policy grammar has none (RFC 8461 §3.2)");
  }

  private static Arguments tolerated(String text, String reason, Tuple... warnings) {
    return arguments(text, reason, List.of(warnings));
  }

  private static Tuple blank(int line) {
    return tuple("POLICY_BLANK_LINE", line, 1);
  }

  private static Tuple cr(int line, int column) {
    return tuple("POLICY_INVALID_CHARACTER", line, column);
  }

  private static Arguments error(String text, String code, String reason) {
    return arguments(text, code, reason);
  }
}
