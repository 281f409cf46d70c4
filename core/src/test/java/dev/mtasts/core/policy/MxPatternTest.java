package dev.mtasts.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mtasts.core.Problem;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MxPatternTest {

  static Stream<Arguments> matching() {
    return Stream.of(
        // RFC 8461 §4.1: "*.example.com" matches "mail.example.com" but not "example.com" or
        // "foo.bar.example.com"
        match("*.example.com", "mail.example.com", true),
        match("*.example.com", "example.com", false),
        match("*.example.com", "foo.bar.example.com", false),
        // RFC 8461 §3.2 examples
        match("mail.example.com", "mail.example.com", true),
        match("*.example.net", "mx1.example.net", true),
        match("mail.example.com", "mail2.example.com", false),
        match("mail.example.com", "example.com", false),
        match("mail.example.com", "mx.mail.example.com", false),
        // case and the trailing dot of a DNS answer
        match("mail.example.com", "MAIL.Example.COM", true),
        match("MAIL.EXAMPLE.COM", "mail.example.com", true),
        match("mail.example.com", "mail.example.com.", true),
        match("*.example.com", "Mail.EXAMPLE.com.", true),
        match("mail.example.com", "mail.example.com..", false),
        match("*.example.com", ".example.com", false),
        match("*.example.com", "..example.com", false),
        match("*.example.com", "mailexample.com", false),
        match("*.example.com", "mail.example.com.evil", false),
        match("*.example.com", "mail.example.co", false),
        match("*.example.com", "", false),
        match("*.example.com", ".", false),
        match("mail.example.com", "", false),
        // a host named with a literal '*' label is no host name (RFC 1123 §2.1)
        match("*.example.com", "*.example.com", false),
        match("mail.example.com", "*.example.com", false),
        match("*.example.com", "mail_1.example.com", false),
        match("*.example.com", "-mail.example.com", false),
        match("192.0.2.1", "192.0.2.1", false),
        // IDN: patterns and hosts are A-labels; a U-label host does not match
        match("xn--mnchen-3ya.example", "XN--MNCHEN-3YA.example", true),
        match("*.xn--mnchen-3ya.example", "mx.xn--mnchen-3ya.example", true),
        match("xn--mnchen-3ya.example", "m\u00fcnchen.example", false),
        // only ASCII case folding: the Kelvin sign is not 'k'
        match("k.example", "\u212a.example", false),
        match("*.example.com", null, false));
  }

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @MethodSource("matching")
  void matches(String pattern, String host, boolean expected) {
    assertThat(new MxPattern(pattern).matches(host)).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        invalid("", "POLICY_MX_INVALID", 1, "empty"),
        invalid("*", "POLICY_MX_INVALID", 1, "'*' alone"),
        invalid("*.", "POLICY_MX_INVALID", 3, "'*.' alone"),
        invalid(".example.com", "POLICY_MX_INVALID", 1, "Postfix form is not a pattern"),
        invalid("mail.*.example.com", "POLICY_MX_INVALID", 6, "'*' not left-most"),
        invalid("*mail.example.com", "POLICY_MX_INVALID", 1, "'*' in part of a label"),
        invalid("m*.example.com", "POLICY_MX_INVALID", 2, "'*' after letters"),
        invalid("*.*.example.com", "POLICY_MX_INVALID", 3, "two wildcards"),
        invalid("example.com.", "POLICY_MX_INVALID", 12, "trailing dot"),
        invalid("mail-.example.com", "POLICY_MX_INVALID", 5, "label ends with '-'"),
        invalid("mail example.com", "POLICY_MX_INVALID", 5, "space"),
        invalid("[192.0.2.1]", "POLICY_MX_INVALID", 1, "address literal"),
        invalid("a".repeat(250) + ".com", "POLICY_MX_INVALID", 254, "name over 253 characters"),
        invalid("b\u00fccher.example", "POLICY_MX_NOT_A_LABEL", 2, "U-label"),
        invalid("*.b\u00fccher.example", "POLICY_MX_NOT_A_LABEL", 4, "wildcard over a U-label"),
        invalid("xn--zz.example", "POLICY_MX_NOT_A_LABEL", 1, "bad Punycode"),
        invalid("*.xn--zz.example", "POLICY_MX_NOT_A_LABEL", 3, "wildcard over bad Punycode"),
        invalid("mail.example.com..", "POLICY_MX_INVALID", 18, "two trailing dots"),
        invalid("192.0.2.1.", "POLICY_MX_INVALID", 10, "numeric, trailing dot"),
        invalid(".", "POLICY_MX_INVALID", 1, "the root"),
        invalid("*..example.com", "POLICY_MX_INVALID", 3, "wildcard then empty label"),
        invalid("*.-example.com", "POLICY_MX_INVALID", 3, "wildcard then hyphen"),
        invalid("*.mail_1.example.com", "POLICY_MX_INVALID", 7, "wildcard then underscore"));
  }

  @ParameterizedTest(name = "{3}")
  @MethodSource("invalid")
  void rejects(String pattern, String code, int column, String reason) {
    assertThat(MxPattern.parse(pattern).errors())
        .as(reason)
        .extracting(Problem::code, Problem::column)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(code, column));
    assertThatThrownBy(() -> new MxPattern(pattern)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void uLabelErrorSuggestsTheALabel() {
    assertThat(MxPattern.parse("m\u00fcnchen.example").errors().getFirst().message())
        .contains("xn--mnchen-3ya.example");
  }

  @Test
  void anAllNumericLastLabelIsAPatternAsRfc5321AllowsButNamesNoHost() {
    assertThat(MxPattern.parse("192.0.2.1").isOk()).isTrue();
    assertThat(MxPattern.parse("*.example.123").isOk()).isTrue();
  }

  @Test
  void keptAsWrittenAndMatchedWithoutCase() {
    MxPattern pattern = MxPattern.parse("*.Example.COM").orThrow();
    assertThat(pattern.pattern()).isEqualTo("*.Example.COM");
    assertThat(pattern.matches("MX.example.com.")).isTrue();
  }

  @Test
  void postfixForm() {
    assertThat(new MxPattern("*.example.com").postfixForm()).isEqualTo(".example.com");
    assertThat(new MxPattern("*.example.com").wildcard()).isTrue();
    assertThat(new MxPattern("mail.example.com").postfixForm()).isEqualTo("mail.example.com");
    assertThat(new MxPattern("mail.example.com").wildcard()).isFalse();
  }

  private static Arguments match(String pattern, String host, boolean expected) {
    return arguments(pattern, host, expected);
  }

  private static Arguments invalid(String pattern, String code, int column, String reason) {
    return arguments(pattern, code, column, reason);
  }
}
