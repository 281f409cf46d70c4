package dev.mtasts.core.tlsrpt;

import dev.mtasts.core.Problem;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;

/**
 * Internal: the report JSON (RFC 8460 §4.4) to the model, in one pass over the token stream. The
 * whole document is read before anything is reported: invalid JSON anywhere is the one error, and
 * otherwise every error is collected and every tolerated deviation of a real sender becomes a
 * warning (docs/tlsrpt-reading.md lists them).
 */
final class ReportJson {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ReportJson() {}

  /**
   * The JSON readers of one set of limits; thread-safe and costly to build, so a {@link
   * ReportReader} builds them once.
   *
   * @param first reads every report; the report readers check names are unique ({@link
   *     UniqueNames})
   * @param checking checks names itself (I-JSON, RFC 7493 §2.3); reads invalid JSON again
   */
  record Factories(JsonFactory first, JsonFactory checking) {

    static Factories of(ReportReader.Limits limits) {
      JsonFactory checking = factoryFor(limits);
      return new Factories(
          checking.rebuild().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build(),
          checking);
    }
  }

  /** The JSON reader bounded by these limits, checking that names are unique. */
  static JsonFactory factoryFor(ReportReader.Limits limits) {
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxJsonDepth())
            .maxStringLength(limits.maxStringLength())
            .maxNameLength(limits.maxStringLength())
            .maxDocumentLength(limits.maxDecompressedBytes())
            .maxNumberLength(64)
            .build();
    return JsonFactory.builder()
        .streamReadConstraints(constraints)
        // Names the readers switch on then equal the case labels by identity, the cheapest test.
        .enable(TokenStreamFactory.Feature.INTERN_PROPERTY_NAMES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // I-JSON (RFC 7493 §2.3)
        .build();
  }

  /** Whether the content starts like a JSON object (after optional whitespace). */
  static boolean looksLikeJson(byte[] data) {
    for (byte b : data) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{';
      }
    }
    return false;
  }

  /** Reads report JSON (RFC 8460 §4: I-JSON, so UTF-8) or throws every error found. */
  static Report parse(
      byte[] json, ReportReader.Limits limits, Factories factories, List<Problem> warnings)
      throws Rejection {
    JsonText text = new JsonText(json, checkUtf8(json), limits, factories.first());
    ReportObjectJson root = document(text, factories);
    Problems problems = new Problems();
    Report report = root.check(problems);
    warnings.addAll(problems.warnings());
    if (!problems.errors().isEmpty() || report == null) {
      throw new Rejection(problems.errors());
    }
    return report;
  }

  /**
   * Rejects bytes that are not UTF-8 (RFC 8460 §4: I-JSON, RFC 7493 §2.1) with a code of its own,
   * before Jackson reads them; ASCII, the usual report, is checked without decoding. A NUL byte in
   * the first four is refused too: JSON text never holds one (RFC 8259 §7), and there it would make
   * Jackson guess UTF-16 or UTF-32 (a later one Jackson refuses itself). Returns whether the bytes
   * are ASCII.
   */
  private static boolean checkUtf8(byte[] json) throws Rejection {
    for (int i = 0; i < Math.min(4, json.length); i++) {
      if (json[i] == 0) {
        throw new Rejection(
            "REPORT_NOT_JSON",
            "not valid JSON: a NUL byte (RFC 8259 §7; UTF-16 or UTF-32 is not UTF-8, RFC 8460 §4)");
      }
    }
    if (isAscii(json)) {
      return true;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(json));
    } catch (MalformedInputException e) {
      throw new Rejection(
          "REPORT_INVALID_UTF8", "the report is not valid UTF-8 (RFC 8460 §4 requires I-JSON)");
    } catch (CharacterCodingException e) {
      throw new Rejection("REPORT_INVALID_UTF8", "the report is not valid UTF-8");
    }
    return false;
  }

  /**
   * Whether no byte has its high bit set: 32 bytes a step, read as four longs into four separate
   * ORs (independent, so the CPU overlaps them), without an early exit.
   */
  private static boolean isAscii(byte[] data) {
    long a = 0;
    long b = 0;
    long c = 0;
    long d = 0;
    int i = 0;
    for (; i + 4 * Long.BYTES <= data.length; i += 4 * Long.BYTES) {
      a |= (long) LONGS.get(data, i);
      b |= (long) LONGS.get(data, i + Long.BYTES);
      c |= (long) LONGS.get(data, i + 2 * Long.BYTES);
      d |= (long) LONGS.get(data, i + 3 * Long.BYTES);
    }
    for (; i < data.length; i++) {
      a |= data[i];
    }
    return ((a | b | c | d) & 0x8080_8080_8080_8080L) == 0;
  }

  /**
   * The top-level object, read to the end of the input; its checks wait, so that invalid JSON after
   * them is the only error. Invalid JSON, a duplicate name among it, is read again with the parser
   * checking names (RFC 7493 §2.3), so that the error is the first one the parser finds, where it
   * finds it.
   */
  private static ReportObjectJson document(JsonText text, Factories factories) throws Rejection {
    try {
      return root(text, factories.first());
    } catch (JacksonException firstError) {
      return checkedRoot(text, factories);
    }
  }

  /** The report object read with the parser checking names; any JSON error is a rejection. */
  private static ReportObjectJson checkedRoot(JsonText text, Factories factories) throws Rejection {
    try {
      return root(text, factories.checking());
    } catch (StreamConstraintsException e) {
      throw new Rejection(
          List.of(
              at(
                  "REPORT_JSON_LIMIT",
                  "the JSON exceeds a limit: " + e.getOriginalMessage(),
                  e.getLocation())));
    } catch (JacksonException e) {
      throw new Rejection(
          List.of(
              at("REPORT_NOT_JSON", "not valid JSON: " + e.getOriginalMessage(), e.getLocation())));
    }
  }

  /**
   * The report object, read by a parser of {@code factory}: nothing may follow it (RFC 8259 §2: one
   * value).
   */
  private static ReportObjectJson root(JsonText text, JsonFactory factory) throws Rejection {
    try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), text.bytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new Rejection("REPORT_WRONG_TYPE", "the report must be a JSON object");
      }
      ReportObjectJson root = ReportObjectJson.read(parser, text);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw new Rejection(
            List.of(
                at(
                    "REPORT_NOT_JSON",
                    "not valid JSON: trailing token "
                        + trailing
                        + " after the report object (RFC 8259 §2: one value)",
                    parser.currentTokenLocation())));
      }
      return root;
    }
  }

  private static Problem at(String code, String message, TokenStreamLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return Problem.of(code, message);
    }
    return Problem.at(code, message, location.getLineNr(), Math.max(location.getColumnNr(), 0));
  }
}
