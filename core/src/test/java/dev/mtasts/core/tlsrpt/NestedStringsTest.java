package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.json.JsonFactory;

/**
 * The hand-read TLSA policy-string array gives what the JSON parser gives, and declines every text
 * it does not fully understand, so that the parser decides those.
 */
class NestedStringsTest {

  private static final JsonFactory JSON = ReportJson.factoryFor(ReportReader.Limits.DEFAULT);

  /** Shapes the hand reader takes: the same strings as the parser. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"3 1 1 AB\",\"3 1 1 CD\"]",
        "[\"2 1 1 AB\", \"3 1 1 CD\"]",
        " \t\r\n[ \"a\" , \"b\" ]\n ",
        "[]",
        " [ ] ",
        "[\"\"]",
        "[\"\", \"\"]",
        "[\"~ !#$%&'()*+,-./:;<=>?@[]^_`{|}\"]",
        "[\"[1]\", \"{}\"]"
      })
  void readsPlainArraysAsTheParserDoes(String text) {
    List<String> plain = NestedStrings.plainArray(text);

    assertThat(plain).isNotNull();
    assertThat(NestedStrings.parsed(text, JSON)).contains(plain);
  }

  /** Everything else goes to the parser: escapes, other characters and values, broken JSON. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "[",
        "]",
        "[\"a\"",
        "[\"a",
        "[\"a\",",
        "[\"a\",]",
        "[,\"a\"]",
        "[\"a\" \"b\"]",
        "[\"a\"]]",
        "[\"a\"] x",
        "[\"a\"][]",
        "[] []",
        "[[\"a\"]]",
        "[\"a\", [\"b\"]]",
        "[\"a\", 1]",
        "[1]",
        "[-0.5]",
        "[true]",
        "[null]",
        "[{}]",
        "[{\"a\":\"b\",\"a\":\"c\"}]",
        "{\"a\":\"b\"}",
        "\"a\"",
        "[\"a\\\"b\"]",
        "[\"a\\\\b\"]",
        "[\"a\\u0041\"]",
        "[\"a\\/b\"]",
        "[\"a\\nb\"]",
        "[\"a\\qb\"]",
        "[\"a\tb\"]",
        "[\"a\u0000b\"]",
        "[\"a\u007fb\"]",
        "[\"\u00e9\"]",
        "[\"\ud83d\ude00\"]",
        "[\"\ud83d\"]",
        "\ufeff[\"a\"]",
        "\u00a0[\"a\"]",
        "[\"a\"]\u00a0",
        "[\"a\"]\u000b",
        "['a']",
        "[\"a\"]/* */",
        "[\"a\"]#",
        "[a]"
      })
  void leavesEverythingElseToTheParser(String text) {
    assertThat(NestedStrings.plainArray(text)).isNull();
    assertThat(NestedStrings.read(text, JSON)).isEqualTo(NestedStrings.parsed(text, JSON));
  }

  /**
   * Random arrays of strings, half of them with a random piece of JSON or another character put in
   * somewhere: the same answer either way.
   */
  @Test
  void agreesWithTheParserOnRandomTexts() {
    List<String> pieces =
        List.of(
            "[", "]", "\"", "\"x\"", ",", " ", "\t\r\n", "\\", "\\u0041", "1", "null", "{}", ":",
            "\u00e9", "\u0001", "\u007f", "\ufeff", "\u00a0");
    Random random = new Random(8460);
    int taken = 0;
    for (int round = 0; round < 50_000; round++) {
      StringBuilder text = new StringBuilder(random.nextBoolean() ? "[" : " [ ");
      int strings = random.nextInt(4);
      for (int i = 0; i < strings; i++) {
        text.append(i == 0 ? "" : random.nextBoolean() ? "," : " ,\n").append("\"3 1 1 ab\"");
      }
      text.append(random.nextBoolean() ? "]" : "] ");
      if (random.nextBoolean()) {
        text.insert(random.nextInt(text.length() + 1), pieces.get(random.nextInt(pieces.size())));
      }
      String candidate = text.toString();
      if (NestedStrings.plainArray(candidate) != null) {
        taken++;
      }
      assertThat(NestedStrings.read(candidate, JSON))
          .as(candidate)
          .isEqualTo(NestedStrings.parsed(candidate, JSON));
    }
    assertThat(taken).as("texts the hand reader took").isBetween(20_000, 40_000);
  }
}
