package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.policy.Leniency;
import dev.mtasts.core.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLSRPT attributes in the exact syntax of Postfix's TLSRPT_README ("MTA-STS Support via
 * smtp_tls_policy_maps"), checked twice: as text, and split the way Postfix splits a policy answer
 * (whitespace-separated tokens, balanced braces protecting a {@code { name = value }} token).
 */
class TlsrptAttributesTest {

  /** RFC 8461 §3.2's example policy, CRLF lines. */
  private static final String RFC =
      "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
          + "mx: backupmx.example.com\r\nmax_age: 604800\r\n";

  record Good(String name, String domain, String policy, String attributes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Good> good() {
    String rfcAttributes =
        " policy_type=sts policy_domain=example.com mx_host_pattern=mail.example.com"
            + " mx_host_pattern=*.example.net mx_host_pattern=backupmx.example.com"
            + " { policy_string = version: STSv1 } { policy_string = mode: enforce }"
            + " { policy_string = mx: mail.example.com } { policy_string = mx: *.example.net }"
            + " { policy_string = mx: backupmx.example.com } { policy_string = max_age: 604800 }";
    return List.of(
        new Good("RFC 8461 example, CRLF lines", "example.com", RFC, rfcAttributes),
        new Good("same policy, LF lines", "example.com", RFC.replace("\r\n", "\n"), rfcAttributes),
        new Good(
            "lines in another order keep their published order",
            "example.com",
            "max_age: 604800\r\nmx: mail.example.com\r\nmode: enforce\r\nversion: STSv1\r\n"
                + "mx: *.example.net\r\nmx: backupmx.example.com\r\n",
            " policy_type=sts policy_domain=example.com mx_host_pattern=mail.example.com"
                + " mx_host_pattern=*.example.net mx_host_pattern=backupmx.example.com"
                + " { policy_string = max_age: 604800 } { policy_string = mx: mail.example.com }"
                + " { policy_string = mode: enforce } { policy_string = version: STSv1 }"
                + " { policy_string = mx: *.example.net }"
                + " { policy_string = mx: backupmx.example.com }"),
        new Good(
            "deviations the sender reads past are reported as published (BOM, blank lines, bare CR)",
            "example.com",
            "\uFEFFversion: STSv1\r\n\r\nmode: enforce\rmx: mail.example.com  \n"
                + "max_age: 604800\r\n\r\n",
            " policy_type=sts policy_domain=example.com mx_host_pattern=mail.example.com"
                + " { policy_string = version: STSv1 } { policy_string = mode: enforce }"
                + " { policy_string = mx: mail.example.com } { policy_string = max_age: 604800 }"),
        new Good(
            "a duplicate field stays, though the first one counts (RFC 8461 §3.2)",
            "example.com",
            "version: STSv1\nmode: enforce\nmode: testing\nmx: mail.example.com\nmax_age: 60\n",
            " policy_type=sts policy_domain=example.com mx_host_pattern=mail.example.com"
                + " { policy_string = version: STSv1 } { policy_string = mode: enforce }"
                + " { policy_string = mode: testing } { policy_string = mx: mail.example.com }"
                + " { policy_string = max_age: 60 }"),
        new Good(
            "only a wildcard",
            "wildcard.test",
            "version: STSv1\r\nmode: testing\r\nmx: *.mail.wildcard.test\r\nmax_age: 86400\r\n",
            " policy_type=sts policy_domain=wildcard.test mx_host_pattern=*.mail.wildcard.test"
                + " { policy_string = version: STSv1 } { policy_string = mode: testing }"
                + " { policy_string = mx: *.mail.wildcard.test } { policy_string = max_age: 86400 }"),
        new Good(
            "patterns keep their case, duplicates stay (one per mx line, as upstream)",
            "example.org",
            "version: STSv1\nmode: enforce\nmx: MX.Example.org\nmx: MX.Example.org\nmax_age: 60\n",
            " policy_type=sts policy_domain=example.org mx_host_pattern=MX.Example.org"
                + " mx_host_pattern=MX.Example.org { policy_string = version: STSv1 }"
                + " { policy_string = mode: enforce } { policy_string = mx: MX.Example.org }"
                + " { policy_string = mx: MX.Example.org } { policy_string = max_age: 60 }"),
        new Good(
            "an extension with inner whitespace is protected by the braces",
            "example.net",
            "version: STSv1\r\nmode: enforce\r\nmx: a.example.net\r\nmax_age: 60\r\n"
                + "note: two  words\r\n",
            " policy_type=sts policy_domain=example.net mx_host_pattern=a.example.net"
                + " { policy_string = version: STSv1 } { policy_string = mode: enforce }"
                + " { policy_string = mx: a.example.net } { policy_string = max_age: 60 }"
                + " { policy_string = note: two  words }"),
        new Good(
            "an extension with a brace is left out: it would break the answer",
            "example.net",
            "version: STSv1\r\nmode: enforce\r\nmx: a.example.net\r\nmax_age: 60\r\n"
                + "x-open: {\r\nx-close: }\r\nx-pair: {a}\r\n",
            " policy_type=sts policy_domain=example.net mx_host_pattern=a.example.net"
                + " { policy_string = version: STSv1 } { policy_string = mode: enforce }"
                + " { policy_string = mx: a.example.net } { policy_string = max_age: 60 }"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void good(Good c) {
    Policy policy = Policy.parse(c.policy(), Leniency.SENDER).orThrow();
    String attributes = TlsrptAttributes.of(c.domain(), policy, c.policy());

    assertThat(attributes).isEqualTo(c.attributes());
    List<Map.Entry<String, String>> parsed = postfixSplit(attributes);
    assertThat(parsed).startsWith(Map.entry("policy_type", "sts"));
    assertThat(parsed).contains(Map.entry("policy_domain", c.domain()));
    assertThat(
            parsed.stream()
                .filter(e -> e.getKey().equals("mx_host_pattern"))
                .map(Map.Entry::getValue))
        .containsExactlyElementsOf(policy.mx().stream().map(p -> p.pattern()).toList());
    assertThat(
            parsed.stream()
                .filter(e -> e.getKey().equals("policy_string"))
                .map(Map.Entry::getValue))
        .containsExactlyElementsOf(TlsrptAttributes.policyStrings(c.policy()))
        .allSatisfy(line -> assertThat(c.policy()).contains(line));
    assertThat(parsed).extracting(Map.Entry::getKey).doesNotContain("policy_failure", "policy_ttl");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void aTightBudgetDropsPolicyStringsFirstThenEverything(Good c) {
    Policy policy = Policy.parse(c.policy(), Leniency.SENDER).orThrow();
    String full = TlsrptAttributes.of(c.domain(), policy, c.policy());
    String withoutStrings = full.substring(0, full.indexOf(" { policy_string"));

    assertThat(TlsrptAttributes.of(c.domain(), policy, c.policy(), full.length())).isEqualTo(full);
    assertThat(TlsrptAttributes.of(c.domain(), policy, c.policy(), full.length() - 1))
        .isEqualTo(withoutStrings);
    assertThat(TlsrptAttributes.of(c.domain(), policy, c.policy(), withoutStrings.length() - 1))
        .isEmpty();
  }

  /**
   * Splits an answer as Postfix's policy parser does: tokens separated by spaces, a token opened by
   * "{" runs to its balanced "}" and is {@code name = value} with the whitespace around the braces
   * and the "=" dropped; other tokens are {@code name=value}. Unbalanced braces are an error.
   */
  private static List<Map.Entry<String, String>> postfixSplit(String answer) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    int i = 0;
    while (i < answer.length()) {
      if (answer.charAt(i) == ' ') {
        i++;
        continue;
      }
      int end;
      String token;
      if (answer.charAt(i) == '{') {
        int depth = 0;
        end = i;
        do {
          char ch = answer.charAt(end++);
          depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
        } while (depth > 0 && end < answer.length());
        assertThat(depth).as("balanced braces in %s", answer).isZero();
        token = answer.substring(i + 1, end - 1).strip();
      } else {
        end = answer.indexOf(' ', i);
        end = end < 0 ? answer.length() : end;
        token = answer.substring(i, end);
        assertThat(token).doesNotContain("{", "}");
      }
      int eq = token.indexOf('=');
      assertThat(eq).as("name=value in %s", token).isPositive();
      out.add(Map.entry(token.substring(0, eq).strip(), token.substring(eq + 1).strip()));
      i = end;
    }
    return out;
  }
}
