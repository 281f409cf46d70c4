package dev.mtasts.core.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Duplicate member names (I-JSON, RFC 7493 §2.3), checked by the report readers: the outcome is the
 * one of the parser's own check (a walk over every token with {@code STRICT_DUPLICATE_DETECTION}),
 * the same error at the same line and column, or no JSON error at all.
 */
class UniqueNamesTest {

  /** Entries past the first policy and failure detail are skipped: checked there too. */
  private static final ReportReader.Limits SMALL =
      new ReportReader.Limits(1 << 20, 1 << 20, 8, 200, 1, 1, 4, 100, 1000);

  /** A report with every object of the schema, two of each entry, and unknown members. */
  private static final String BASE =
      ReportReaderTest.MINIMAL
          .replace(
              "\"policies\":[{",
              "\"policies\":[{\"policy\":{\"policy-type\":\"tlsa\",\"policy-string\":[\"3 1 1"
                  + " AB\"],\"u\":{\"a\":[1,{\"b\":2}]}},\"summary\":{},\"v\":[]},{")
          .replace(
              "\"failed-session-count\":1}",
              "\"failed-session-count\":1,\"w\":{\"c\":\"d\"}},{\"result-type\":\"x\"}");

  /** A member name and its colon. */
  private static final Pattern NAME = Pattern.compile("\"([a-z-]+)\":");

  /** Values a first copy of a member gets; some are invalid, so the copy's name comes first. */
  private static final List<String> VALUES =
      List.of("null", "1", "\"s\"", "{}", "[]", "{\"a\":1,\"a\":2}", "01", "tru", "\"x");

  /** Members put at the start of every object: some pairs are duplicates, some only look alike. */
  private static final List<String> EXTRA_MEMBERS =
      List.of(
          "\"x\":1,\"x\":2,",
          "\"x\":1,\"\\u0078\":2,",
          "\"x\":1,\"X\":2,",
          "\"x\":1,\"x \":2,",
          "\"x\":{\"a\":1},\"y\":{\"a\":1},",
          "\"x\":[{\"a\":1},{\"a\":1}],",
          "\"x\":[{\"a\":1,\"b\":{\"a\":1,\"a\":2}}],",
          "\"x\":{\"a\":{\"b\":1},\"b\":1},",
          "\"x\":{\"a\":[],\"a\":[]},",
          "\"x\":1,\"y\":2,\"z\":3,\"x\":4,",
          "\"\":1,\"\":2,",
          "\"\":1,\"x\":2,",
          "\"x\":1,\"x\":" + "9".repeat(100) + ",",
          "\"x\":1,\"x\"1,",
          "\"x\":\"" + "s".repeat(300) + "\",\"x\":1,",
          "\"x\":1,\"x\":\"" + "s".repeat(300) + "\",");

  @Test
  void readerFindsWhatTheParserFinds() {
    List<String> documents = new ArrayList<>();
    Matcher name = NAME.matcher(BASE);
    while (name.find()) {
      for (String value : VALUES) {
        documents.add(insert(BASE, name.start(), name.group() + value + ","));
      }
    }
    for (int at = BASE.indexOf('{'); at >= 0; at = BASE.indexOf('{', at + 1)) {
      for (String members : EXTRA_MEMBERS) {
        documents.add(insert(BASE, at + 1, members));
      }
    }
    int duplicates = 0;
    int valid = 0;
    for (String document : documents) {
      for (ReportReader.Limits limits : List.of(ReportReader.Limits.DEFAULT, SMALL)) {
        Optional<Problem> expected = parserError(document, limits);
        ParseResult<ReadReport> result =
            new ReportReader(limits).read(document.getBytes(StandardCharsets.UTF_8));
        if (expected.isPresent()) {
          assertThat(result.errors()).as(document).containsExactly(expected.get());
          duplicates += expected.get().message().contains("Duplicate") ? 1 : 0;
        } else {
          assertThat(result.errors())
              .as(document)
              .extracting(Problem::code)
              .doesNotContain("REPORT_NOT_JSON", "REPORT_JSON_LIMIT");
          valid++;
        }
      }
    }
    assertThat(duplicates).as("documents with a duplicate").isGreaterThan(400);
    assertThat(valid).as("documents without a JSON error").isGreaterThan(100);
  }

  @Test
  void equalNamesInSeparateObjectsAreNoDuplicates() {
    String json =
        BASE.replace("\"u\":{\"a\":[1,{\"b\":2}]}", "\"u\":{\"a\":[{\"a\":1},{\"a\":1}]}");

    ReportReader reader = new ReportReader();

    assertThat(parserError(json, ReportReader.Limits.DEFAULT)).isEmpty();
    assertThat(reader.read(json.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(reader.read(BASE.getBytes(StandardCharsets.UTF_8)));
  }

  private static String insert(String text, int at, String piece) {
    return text.substring(0, at) + piece + text.substring(at);
  }

  /** The error of every token read by a parser that checks names itself, as the reader words it. */
  private static Optional<Problem> parserError(String json, ReportReader.Limits limits) {
    JsonFactory checking = ReportJson.factoryFor(limits);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    try (JsonParser parser = checking.createParser(ObjectReadContext.empty(), bytes)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          parser.getString();
        }
      }
      return Optional.empty();
    } catch (StreamConstraintsException e) {
      return Optional.of(
          at("REPORT_JSON_LIMIT", "the JSON exceeds a limit: " + e.getOriginalMessage(), e));
    } catch (JacksonException e) {
      return Optional.of(at("REPORT_NOT_JSON", "not valid JSON: " + e.getOriginalMessage(), e));
    }
  }

  private static Problem at(String code, String message, JacksonException e) {
    TokenStreamLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return Problem.of(code, message);
    }
    return Problem.at(code, message, location.getLineNr(), Math.max(location.getColumnNr(), 0));
  }
}
