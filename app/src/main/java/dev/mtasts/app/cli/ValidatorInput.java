package dev.mtasts.app.cli;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * How {@code validate} reads an input, the same for every KIND: a UTF-8 byte order mark at the
 * start is an error (it is no part of a policy or a record; the rest is still validated), and an
 * input with nothing but white space is empty, one error and nothing else. Then the kind's parser
 * reads the rest: a policy as its bytes, a record as its text without one trailing newline.
 *
 * @param parser reads the input after the byte order mark
 * @param emptyCode the code of an empty input, e.g. {@code STS_RECORD_EMPTY}
 * @param bomCode the code of a byte order mark, e.g. {@code STS_RECORD_BOM}
 * @param noun what the input holds, for messages: "policy", "record"
 * @param isRecord whether one trailing newline of the file is dropped (a record's file)
 */
record ValidatorInput(
    Function<byte[], ParseResult<?>> parser,
    String emptyCode,
    String bomCode,
    String noun,
    boolean isRecord) {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** A whole document, parsed from its bytes. */
  static ValidatorInput document(
      Function<byte[], ParseResult<?>> parser, String emptyCode, String bomCode, String noun) {
    return new ValidatorInput(parser, emptyCode, bomCode, noun, false);
  }

  /** A DNS record value: UTF-8 text, one trailing LF or CRLF of the file ignored. */
  static ValidatorInput record(
      Function<String, ParseResult<?>> parser, String emptyCode, String bomCode) {
    return new ValidatorInput(
        bytes -> parser.apply(new String(bytes, StandardCharsets.UTF_8)),
        emptyCode,
        bomCode,
        "record",
        true);
  }

  /** Every problem of {@code bytes} as this kind of input. */
  ParseResult<?> validate(byte[] bytes) {
    boolean bom = bytes.length >= BOM.length && Arrays.equals(bytes, 0, 3, BOM, 0, 3);
    byte[] content =
        withoutFinalNewline(bom ? Arrays.copyOfRange(bytes, BOM.length, bytes.length) : bytes);
    if (isBlank(content)) {
      return ParseResult.err(
          Problem.of(
              emptyCode,
              "the "
                  + noun
                  + " is empty"
                  + (content.length == 0 ? "" : " (nothing but white space)")));
    }
    ParseResult<?> result = parser.apply(content);
    if (!bom) {
      return result;
    }
    List<Problem> errors = new ArrayList<>();
    errors.add(
        Problem.at(
            bomCode,
            "byte order mark at the start: save the file without a BOM; it is no part of the "
                + noun,
            1,
            1));
    errors.addAll(result.errors());
    return ParseResult.err(errors, result.warnings());
  }

  /** A record file without one trailing LF or CRLF; a policy as it is (its line ends count). */
  private byte[] withoutFinalNewline(byte[] bytes) {
    int end = bytes.length;
    if (!isRecord || end == 0 || bytes[end - 1] != '\n') {
      return bytes;
    }
    end--;
    if (end > 0 && bytes[end - 1] == '\r') {
      end--;
    }
    return Arrays.copyOf(bytes, end);
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
