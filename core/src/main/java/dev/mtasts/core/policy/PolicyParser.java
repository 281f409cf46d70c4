package dev.mtasts.core.policy;

import static dev.mtasts.core.policy.PolicyCodes.*;

import dev.mtasts.core.Ascii;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The strict reader of RFC 8461 §3.2 policy files. The ABNF decides:
 *
 * <pre>
 * sts-policy-record = sts-policy-field *WSP *(sts-policy-term sts-policy-field *WSP) [sts-policy-term]
 * </pre>
 *
 * so lines end in LF or CRLF, there are no blank lines (one final line ending is optional), no
 * whitespace before a field name or before its colon, optional whitespace after the colon and at
 * the end of the line. Field names and the version and mode values are case-sensitive ({@code
 * %s"..."}). The order of fields is free (the RFC orders only the TXT record's fields). A repeated
 * field other than {@code mx}: the first is used, the others ignored with a warning (§3.2 "all
 * entries except for the first SHALL be ignored"). Unknown fields are kept as extensions with a
 * warning (§3.2 "unknown fields SHALL be ignored").
 *
 * <p>With {@link Leniency#SENDER}, blank lines, a byte order mark and CRs not followed by LF are
 * warnings instead of errors, with the same codes; nothing else differs.
 */
final class PolicyParser {
  /** Our limit, not the RFC's: policy lines are short (RFC 5322 caps header lines at 998). */
  static final int MAX_LINE_LENGTH = 1000;

  /** The maximum policy size RFC 8461 §3.3 suggests. */
  static final int MAX_BYTES = 64 * 1024;

  private static final String MX = "mx";
  private static final List<String> KNOWN = List.of("version", "mode", MX, "max_age");

  private final String text;
  private final Leniency leniency;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final List<MxPattern> mx = new ArrayList<>();
  private final List<Extension> extensions = new ArrayList<>();
  private Mode mode;
  private long maxAge = -1;

  private PolicyParser(String text, Leniency leniency) {
    this.text = text;
    this.leniency = leniency;
  }

  static ParseResult<Policy> parse(byte[] body, Leniency leniency) {
    if (body.length > MAX_BYTES) {
      return tooLarge(body.length);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    out.flip();
    String decoded = out.toString();
    if (result.isError()) {
      int lineStart = decoded.lastIndexOf('\n') + 1;
      int line = (int) decoded.chars().filter(c -> c == '\n').count() + 1;
      String message =
          String.format(
              Locale.ROOT,
              "byte 0x%02X at offset %d is not valid UTF-8: a policy is UTF-8 text (RFC 8461 §3.2)",
              body[in.position()] & 0xFF,
              in.position());
      return ParseResult.err(
          Problem.at(POLICY_ENCODING, message, line, decoded.length() - lineStart + 1));
    }
    return parse(decoded, leniency);
  }

  static ParseResult<Policy> parse(String text, Leniency leniency) {
    if (text.isEmpty()) {
      return ParseResult.err(Problem.of(POLICY_EMPTY, "the policy is empty"));
    }
    long size = utf8Length(text);
    if (size > MAX_BYTES) {
      return tooLarge(size);
    }
    return new PolicyParser(text, Objects.requireNonNull(leniency, "leniency")).run();
  }

  private static ParseResult<Policy> tooLarge(long size) {
    return ParseResult.err(
        Problem.of(
            POLICY_TOO_LARGE,
            "the policy has " + size + " bytes; the limit is " + MAX_BYTES + " (RFC 8461 §3.3)"));
  }

  private ParseResult<Policy> run() {
    int pos = 0;
    if (text.charAt(0) == '\uFEFF') {
      // RFC 3629 §6: a BOM is an encoding signature, not part of the text
      deviation(
          POLICY_BOM,
          "byte order mark at the start: save the file without a BOM (strict senders reject the"
              + " policy)",
          1,
          1);
      pos = 1;
    }
    int lineStart = 0;
    for (int line = 1; pos < text.length(); line++) {
      int lf = text.indexOf('\n', pos);
      int end = lf < 0 ? text.length() : lf;
      // RFC 8461 §3.2: sts-policy-term = LF / CRLF; a CR elsewhere is a control character
      int contentEnd = lf >= 0 && end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
      int cr = leniency == Leniency.SENDER ? text.indexOf('\r', pos) : -1;
      if (cr >= 0 && cr < contentEnd) {
        warnings.add(
            Problem.at(
                POLICY_INVALID_CHARACTER,
                "carriage return not followed by a line feed, read as a line ending (RFC 8461"
                    + " §3.2 ends lines in LF or CRLF)",
                line,
                cr - lineStart + 1));
        contentEnd = cr;
        end = cr;
      }
      parseLine(line, pos, contentEnd, lineStart);
      pos = end == text.length() ? end : end + 1;
      lineStart = pos;
    }
    checkRequiredFields();
    if (!errors.isEmpty()) {
      return ParseResult.err(errors, warnings);
    }
    return ParseResult.ok(new Policy(mode, mx, maxAge, extensions), warnings);
  }

  private void parseLine(int line, int start, int end, int lineStart) {
    if (text.substring(start, end).chars().allMatch(c -> isWsp((char) c))) {
      deviation(
          POLICY_BLANK_LINE, "blank line: the policy grammar has none (RFC 8461 §3.2)", line, 1);
      return;
    }
    if (end - start > MAX_LINE_LENGTH) {
      error(
          POLICY_LINE_TOO_LONG,
          "line longer than " + MAX_LINE_LENGTH + " characters",
          line,
          start - lineStart + MAX_LINE_LENGTH + 1);
      return;
    }
    int bad = invalidCharacter(start, end);
    if (bad >= 0) {
      error(POLICY_INVALID_CHARACTER, describeInvalid(bad), line, bad - lineStart + 1);
      return;
    }
    int colon = text.indexOf(':', start);
    if (colon < 0 || colon >= end) {
      error(POLICY_SYNTAX_LINE, "expected 'name: value', found no ':'", line, 1);
      return;
    }
    String name = text.substring(start, colon);
    int nameFlaw = nameFlaw(name);
    if (nameFlaw >= 0) {
      error(
          POLICY_FIELD_NAME_INVALID,
          describeNameFlaw(name, nameFlaw),
          line,
          start - lineStart + nameFlaw + 1);
      return;
    }
    int valueStart = colon + 1;
    while (valueStart < end && isWsp(text.charAt(valueStart))) {
      valueStart++;
    }
    int valueEnd = end;
    while (valueEnd > valueStart && isWsp(text.charAt(valueEnd - 1))) {
      valueEnd--;
    }
    field(name, text.substring(valueStart, valueEnd), line, valueStart - lineStart + 1);
  }

  private void field(String name, String value, int line, int column) {
    if (!name.equals(MX) && !seen.add(name)) {
      warnings.add(
          Problem.at(
              POLICY_DUPLICATE_FIELD,
              "'" + name + "' repeated: only the first is used (RFC 8461 §3.2)",
              line,
              1));
      return;
    }
    switch (name) {
      case "version" -> {
        if (!Policy.VERSION.equals(value)) {
          error(
              POLICY_VERSION_INVALID,
              "version must be exactly 'STSv1', found '" + value + "'",
              line,
              column);
        }
      }
      case "mode" ->
          Mode.fromToken(value)
              .ifPresentOrElse(
                  m -> mode = m,
                  () ->
                      error(
                          POLICY_MODE_INVALID,
                          "mode must be 'enforce', 'testing' or 'none' (lower case), found '"
                              + value
                              + "'",
                          line,
                          column));
      case "max_age" -> maxAge(value, line, column);
      case MX -> mx(value, line, column);
      default -> extension(name, value, line, column);
    }
  }

  // RFC 8461 §3.2: sts-policy-max-age-value = 1*10(DIGIT), at most 31557600
  private void maxAge(String value, int line, int column) {
    if (value.isEmpty()
        || value.length() > 10
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      error(
          POLICY_MAX_AGE_INVALID,
          "max_age must be 1 to 10 digits (seconds), found '" + value + "'",
          line,
          column);
      return;
    }
    long seconds = Long.parseLong(value);
    if (seconds > Policy.MAX_MAX_AGE) {
      error(
          POLICY_MAX_AGE_TOO_LARGE,
          "max_age " + seconds + " exceeds the maximum " + Policy.MAX_MAX_AGE + " (one year)",
          line,
          column);
      return;
    }
    maxAge = seconds;
  }

  // RFC 8461 §3.2: sts-policy-mx-value = ["*."] Domain, in A-label form
  private void mx(String value, int line, int column) {
    seen.add(MX);
    switch (MxPattern.parse(value)) {
      case ParseResult.Ok<MxPattern> ok -> mx.add(ok.value());
      case ParseResult.Err<MxPattern> err ->
          err.errors()
              .forEach(
                  p ->
                      error(
                          p.code(),
                          "mx '" + value + "': " + p.message(),
                          line,
                          column + p.column() - 1));
    }
  }

  // RFC 8461 §3.2: sts-policy-ext-value = vchar [*(SP / vchar) vchar], UTF-8 allowed, no CTLs
  private void extension(String name, String value, int line, int column) {
    int tab = value.indexOf('\t');
    if (value.isEmpty() || tab >= 0) {
      error(
          POLICY_EXTENSION_INVALID,
          value.isEmpty()
              ? "field '" + name + "' has an empty value"
              : "field '" + name + "' has a tab inside its value",
          line,
          column + Math.max(tab, 0));
      return;
    }
    extensions.add(new Extension(name, value));
    String known = KNOWN.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(null);
    warnings.add(
        Problem.at(
            POLICY_UNKNOWN_FIELD,
            known != null
                ? "unknown field '"
                    + name
                    + "' ignored: field names are case-sensitive, write '"
                    + known
                    + "'"
                : "unknown field '" + name + "' ignored (RFC 8461 §3.2)",
            line,
            1));
  }

  private void checkRequiredFields() {
    if (!seen.contains("version")) {
      errors.add(Problem.of(POLICY_VERSION_MISSING, "no 'version: STSv1' line"));
    }
    if (!seen.contains("mode")) {
      errors.add(Problem.of(POLICY_MODE_MISSING, "no 'mode' line"));
    }
    if (!seen.contains("max_age")) {
      errors.add(Problem.of(POLICY_MAX_AGE_MISSING, "no 'max_age' line"));
    }
    if (!seen.contains(MX) && mode != null && mode != Mode.NONE) {
      errors.add(
          Problem.of(
              POLICY_MX_MISSING,
              "no 'mx' line: required unless the mode is 'none' (RFC 8461 §3.2)"));
    }
  }

  /** Index of the first control character (HT aside) or unpaired surrogate, or -1. */
  private int invalidCharacter(int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\t') {
        continue;
      }
      if (c < 0x20 || c == 0x7F) {
        return i;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < end
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private String describeInvalid(int index) {
    char c = text.charAt(index);
    return switch (c) {
      case '\0' -> "NUL character: a policy is text";
      case '\r' -> "carriage return not followed by a line feed";
      default ->
          Character.isSurrogate(c)
              ? "unpaired UTF-16 surrogate"
              : "control character " + Ascii.printable(c) + " not allowed";
    };
  }

  /**
   * RFC 8461 §3.2: {@code sts-policy-ext-name = alphanum *31(alphanum / "_" / "-" / ".")}; all
   * field names fit it. Returns the index of the first offending character, or -1.
   */
  static int nameFlaw(String name) {
    if (name.isEmpty() || !Ascii.isLetterOrDigit(name.charAt(0))) {
      return 0;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (i >= 32 || !(Ascii.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
        return i;
      }
    }
    return -1;
  }

  private static String describeNameFlaw(String name, int index) {
    if (name.isEmpty()) {
      return "empty field name before ':'";
    }
    char c = name.charAt(index);
    if (isWsp(c)) {
      return index == 0
          ? "whitespace before the field name is not allowed"
          : "whitespace inside or after the field name (before ':') is not allowed";
    }
    if (index >= 32) {
      return "field name longer than 32 characters";
    }
    return "character '"
        + Ascii.printable(c)
        + "' not allowed in a field name (letters, digits, '_', '-', '.')";
  }

  private void error(String code, String message, int line, int column) {
    errors.add(Problem.at(code, message, line, column));
  }

  /** An error when {@link Leniency#STRICT}, a warning with the same code for a sender. */
  private void deviation(String code, String message, int line, int column) {
    (leniency == Leniency.SENDER ? warnings : errors).add(Problem.at(code, message, line, column));
  }

  static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
