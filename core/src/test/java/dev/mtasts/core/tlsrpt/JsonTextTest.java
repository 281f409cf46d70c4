package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TLSA policy-string split straight from the JSON text ({@link JsonText}) gives what decoding
 * the string and reading it as {@link NestedStrings} gives, whatever the string holds and however
 * it is escaped; what the text split declines still reads the same way.
 */
class JsonTextTest {

  private static final JsonFactory JSON = ReportJson.factoryFor(ReportReader.Limits.DEFAULT);
  private static final String NESTED = "REPORT_POLICY_STRING_NESTED_JSON";

  /** The report with one TLSA policy whose policy-string array holds these literals as written. */
  private static String report(String organization, String policyStringLiterals) {
    return "{\"organization-name\":\""
        + organization
        + "\",\"date-range\":{\"start-datetime\":\"2024-09-13T00:00:00Z\","
        + "\"end-datetime\":\"2024-09-13T23:59:59Z\"},\"contact-info\":\"a@example.com\","
        + "\"report-id\":\"1\",\"policies\":[{\"policy\":{\"policy-type\":\"tlsa\","
        + "\"policy-string\":["
        + policyStringLiterals
        + "],\"policy-domain\":\"example.com\"},\"summary\":{"
        + "\"total-successful-session-count\":1,\"total-failure-session-count\":0}}]}";
  }

  /** What the reader gives for the policy-string, and whether it warned that it was nested. */
  private record Read(List<String> policyString, boolean nestedWarning) {}

  private static Read read(String json) {
    ParseResult<ReadReport> result = new ReportReader().read(json.getBytes(StandardCharsets.UTF_8));
    assertThat(result.isOk()).as("%s: %s", json, result).isTrue();
    return new Read(
        result.orThrow().report().policies().getFirst().policy().policyString(),
        result.warnings().stream().map(Problem::code).anyMatch(NESTED::equals));
  }

  /** The slow path: the parser's strings, and the one string read as a nested array. */
  private static Read expected(List<String> decoded) {
    if (decoded.size() == 1 && decoded.getFirst().strip().startsWith("[")) {
      Optional<List<String>> nested = NestedStrings.read(decoded.getFirst(), JSON);
      if (nested.isPresent()) {
        return new Read(nested.get(), true);
      }
    }
    return new Read(decoded, false);
  }

  @Test
  void splitsTheUsualShapeIntoItsStrings() {
    Read read =
        read(
            report(
                "Microsoft Corporation",
                "\"[\\\"2 1 1 0254AB\\\",\\\"3 1 1 F164CD\\\", \\\"3 0 1 77\\\" ]\""));

    assertThat(read).isEqualTo(new Read(List.of("2 1 1 0254AB", "3 1 1 F164CD", "3 0 1 77"), true));
  }

  /** Shapes the text split declines, each read from the decoded string instead. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"[\\\"a\\\"]\", \"b\"",
        "\"[\\\"a\\\"]\", \"[\\\"b\\\"]\"",
        "\"[\\\"a\\u0022]\"",
        "\"[\\u0022a\\\"]\"",
        "\"[\\\"a\\/b\\\"]\"",
        "\"[\\\"a\\\\\\\\b\\\"]\"",
        "\"[\\\"a\\\"]\\n\"",
        "\"\\t[\\\"a\\\"]\"",
        "\"[\\\"a\\\",]\"",
        "\"[\\\"a\\\"] x\"",
        "\"[\\\"a\\\" \\\"b\\\"]\"",
        "\"[\\\"a\\\"\"",
        "\"[\\\"a\"",
        "\"[\"",
        "\"[ ]\"",
        "\"[\\\"\u00e9\\\"]\"",
        "\"[\\\"\u007f\\\"]\"",
        "\"[\\\"\\\"]\"",
        "\"[\\\"a\\\",\\\"\\\"]\""
      })
  void readsEveryOtherShapeAsTheDecodedString(String literals) {
    String json = report("x", literals);

    assertThat(read(json)).as(json).isEqualTo(expected(decoded(literals)));
  }

  /**
   * Random nested arrays, escaped in random ways, sometimes with a random piece put in, sometimes
   * beside another element, sometimes in a document that is not ASCII: the same strings and
   * warnings as the slow path every time.
   */
  @Test
  void agreesWithTheDecodedStringOnRandomLiterals() {
    List<String> pieces =
        List.of(
            "[",
            "]",
            "\\\"",
            "\\\"x\\\"",
            ",",
            " ",
            "\\t",
            "\\n",
            "\\\\",
            "\\u0041",
            "\\u0022",
            "\\/",
            "1",
            "null",
            "{}",
            "\u00e9",
            "\u007f",
            "\\u0001");
    Random random = new Random(8460);
    int nested = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder literal = new StringBuilder(random.nextInt(4) == 0 ? " [ " : "[");
      int strings = random.nextInt(4);
      for (int i = 0; i < strings; i++) {
        literal.append(i == 0 ? "" : random.nextBoolean() ? "," : " , ");
        literal.append("\\\"2 1 1 ").append(Integer.toHexString(random.nextInt())).append("\\\"");
      }
      literal.append(random.nextInt(4) == 0 ? " ]" : "]");
      if (random.nextInt(3) == 0) {
        literal.insert(
            random.nextInt(literal.length() + 1), pieces.get(random.nextInt(pieces.size())));
      }
      String literals = "\"" + literal + "\"" + (random.nextInt(8) == 0 ? ", \"other\"" : "");
      String json = report(random.nextInt(8) == 0 ? "Soci\u00e9t\u00e9" : "Microsoft", literals);
      if (!isJson(json)) {
        continue;
      }
      Read expected = expected(decoded(literals));
      assertThat(read(json)).as(json).isEqualTo(expected);
      if (expected.nestedWarning()) {
        nested++;
      }
    }
    assertThat(nested).as("literals read as a nested array").isBetween(5_000, 15_000);
  }

  /** A nested array longer than the string limit is refused, as any string that long is. */
  @Test
  void aNestedArrayBeyondTheStringLimitIsRefused() {
    ReportReader.Limits limits =
        new ReportReader.Limits(1 << 20, 1 << 20, 16, 40, 10, 10, 16, 1000, 64 * 1024);
    String json = report("x", "\"[\\\"2 1 1 0254AB\\\",\\\"3 1 1 F164CD0123456789\\\"]\"");

    ParseResult<ReadReport> result =
        new ReportReader(limits).read(json.getBytes(StandardCharsets.UTF_8));

    assertThat(result.isOk()).isFalse();
    assertThat(result.errors()).extracting(Problem::code).containsExactly("REPORT_JSON_LIMIT");
    assertThat(result.errors().getFirst().message()).contains("String value length");
  }

  /** The strings of the policy-string array literals, as the parser decodes them. */
  private static List<String> decoded(String literals) {
    List<String> values = new ArrayList<>();
    for (JsonNode node : JsonMapper.shared().readTree("[" + literals + "]")) {
      values.add(node.asString());
    }
    return values;
  }

  private static boolean isJson(String json) {
    try {
      JsonMapper.shared().readTree(json);
      return true;
    } catch (JacksonException e) {
      return false;
    }
  }
}
