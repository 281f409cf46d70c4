package dev.mtasts.core.policy;

import static dev.mtasts.core.policy.PolicyCodes.*;

import dev.mtasts.core.Ascii;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The strict reader of the RFC 8461 §3.1 TXT record:
 *
 * <pre>
 * sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
 * sts-field-delim = *WSP ";" *WSP
 * sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
 * sts-extension   = sts-ext-name "=" sts-ext-value
 * </pre>
 *
 * An {@code id=} field whose value is not an {@code sts-id} is an error, not an extension. A
 * repeated field (including a second {@code v=}): the first is used and the others ignored with a
 * warning (§3.2: "all entries except for the first SHALL be ignored"). Unknown fields are kept with
 * a warning.
 */
final class StsRecordParser {
  private static final int MAX_ID = 32;
  private static final Pattern WHITESPACE_AROUND_VERSION_EQUALS =
      Pattern.compile("v[ \\t]*=[ \\t]*STSv1(?![A-Za-z0-9])");

  private final String txt;
  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final List<Extension> extensions = new ArrayList<>();
  private String id;

  private StsRecordParser(String txt) {
    this.txt = txt;
  }

  static ParseResult<StsRecord> parse(String txt) {
    if (txt.isEmpty()) {
      return ParseResult.err(Problem.of(STS_RECORD_EMPTY, "the record is empty"));
    }
    for (int i = 0; i < txt.length(); i++) {
      char c = txt.charAt(i);
      if (c > 0x7E || (c < 0x20 && c != '\t')) {
        return ParseResult.err(
            Problem.at(
                c > 0x7F ? STS_RECORD_NON_ASCII : STS_RECORD_SYNTAX,
                c > 0x7F
                    ? "non-ASCII character: the record must be US-ASCII (RFC 8461 §3.1)"
                    : "control character " + Ascii.printable(c) + " not allowed",
                1,
                i + 1));
      }
    }
    if (!beginsWithVersion(txt)) {
      return ParseResult.err(Problem.at(STS_RECORD_VERSION, versionMessage(txt), 1, 1));
    }
    return new StsRecordParser(txt).run();
  }

  /** RFC 8461 §3.1: the record begins with the sts-version field, then a delimiter or nothing. */
  static boolean beginsWithVersion(String txt) {
    if (!txt.startsWith(StsRecord.VERSION_FIELD)) {
      return false;
    }
    int next = StsRecord.VERSION_FIELD.length();
    return next == txt.length() || txt.charAt(next) == ';' || PolicyParser.isWsp(txt.charAt(next));
  }

  static boolean isValidId(String id) {
    return !id.isEmpty()
        && id.length() <= MAX_ID
        && id.chars().allMatch(c -> c < 0x80 && Ascii.isLetterOrDigit((char) c));
  }

  private static String versionMessage(String txt) {
    String start = txt.strip();
    if (start.startsWith("\"")) {
      // Pasted from a zone file: "v=STSv1; id=...;" or "v=STSv1; " "id=...;"
      return "the record begins with a quote: the quotes of a zone file are not part of the"
          + " record; give the text between them (several quoted strings joined, without the"
          + " quotes and the spaces between them)";
    }
    if (WHITESPACE_AROUND_VERSION_EQUALS.matcher(start).lookingAt()) {
      return "the record must begin with 'v=STSv1' exactly: no whitespace around '='"
          + " (RFC 8461 §3.1)";
    }
    if (start.regionMatches(
        true, 0, StsRecord.VERSION_FIELD, 0, StsRecord.VERSION_FIELD.length())) {
      return start.equals(txt)
          ? "the record must begin with 'v=STSv1' exactly (case-sensitive)"
          : "the record must begin with 'v=STSv1', without leading whitespace";
    }
    return "the record must begin with 'v=STSv1' (RFC 8461 §3.1)";
  }

  private ParseResult<StsRecord> run() {
    int pos = StsRecord.VERSION_FIELD.length();
    seen.add("v");
    while (pos < txt.length()) {
      // RFC 8461 §3.1: sts-field-delim = *WSP ";" *WSP
      int delim = skipWsp(pos);
      if (delim == txt.length()) {
        error("whitespace at the end must follow a ';'", pos);
        break;
      }
      if (txt.charAt(delim) != ';') {
        error("expected ';' between fields", delim);
        int next = txt.indexOf(';', delim);
        if (next < 0) {
          break;
        }
        delim = next;
      }
      int field = skipWsp(delim + 1);
      if (field == txt.length()) {
        break; // [sts-field-delim]: a trailing ';' is allowed
      }
      if (txt.charAt(field) == ';') {
        error("empty field between ';' delimiters", field);
        pos = field;
        continue;
      }
      int end = tokenEnd(field);
      int spaced = spacedFieldEnd(field, end);
      if (spaced >= 0) {
        // RFC 8461 §3.1: sts-field-delim = *WSP ";" *WSP is the only place for whitespace
        String written = txt.substring(field, spaced);
        seen.add(written.substring(0, written.indexOf('=')).strip()); // no "no 'id=' field" too
        errors.add(
            Problem.at(
                STS_RECORD_SYNTAX,
                "whitespace around '=' in '"
                    + written
                    + "': write '"
                    + written.replaceAll("[ \\t]", "")
                    + "' (RFC 8461 §3.1 allows whitespace only around ';')",
                1,
                end + 1));
        pos = spaced;
        continue;
      }
      field(field, end);
      pos = end;
    }
    if (id == null && !seen.contains("id")) {
      errors.add(Problem.of(STS_RECORD_ID_MISSING, "no 'id=' field (RFC 8461 §3.1)"));
    }
    if (!errors.isEmpty()) {
      return ParseResult.err(errors, warnings);
    }
    return ParseResult.ok(new StsRecord(id, extensions), warnings);
  }

  private void field(int start, int end) {
    int equals = txt.indexOf('=', start);
    if (equals < 0 || equals >= end) {
      error("expected 'name=value', found no '='", start);
      return;
    }
    String name = txt.substring(start, equals);
    String value = txt.substring(equals + 1, end);
    int nameFlaw = PolicyParser.nameFlaw(name);
    if (nameFlaw >= 0) {
      errors.add(
          Problem.at(
              STS_RECORD_EXTENSION_INVALID,
              "field name '" + name + "' is not 1 to 32 letters, digits, '_', '-', '.'",
              1,
              start + nameFlaw + 1));
      return;
    }
    if (!seen.add(name)) {
      warnings.add(
          Problem.at(
              STS_RECORD_DUPLICATE_FIELD,
              "'" + name + "' repeated: only the first is used",
              1,
              start + 1));
      return;
    }
    if (name.equals("id")) {
      if (isValidId(value)) {
        id = value;
      } else {
        errors.add(
            Problem.at(
                STS_RECORD_ID_INVALID,
                "id must be 1 to 32 letters and digits, found '" + value + "'",
                1,
                equals + 2));
      }
      return;
    }
    // RFC 8461 §3.1: sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
    int bad = value.isEmpty() ? 0 : value.indexOf('=');
    if (value.isEmpty() || bad >= 0) {
      errors.add(
          Problem.at(
              STS_RECORD_EXTENSION_INVALID,
              value.isEmpty()
                  ? "field '" + name + "' has an empty value"
                  : "'=' not allowed in the value of '" + name + "'",
              1,
              equals + 2 + Math.max(bad, 0)));
      return;
    }
    extensions.add(new Extension(name, value));
    warnings.add(
        Problem.at(
            STS_RECORD_UNKNOWN_FIELD,
            name.toLowerCase(Locale.ROOT).equals("id")
                ? "unknown field '" + name + "' ignored: field names are case-sensitive, write 'id'"
                : "unknown field '" + name + "' ignored",
            1,
            start + 1));
  }

  /** Where the field starting at {@code start} ends: at a ';', whitespace or the end. */
  private int tokenEnd(int start) {
    int end = start;
    while (end < txt.length() && txt.charAt(end) != ';' && !PolicyParser.isWsp(txt.charAt(end))) {
      end++;
    }
    return end;
  }

  /**
   * The end of a field written with whitespace around its '=' ({@code id = abc}, {@code id =abc},
   * {@code id= abc}), or -1 when the field at {@code start}..{@code end} is not one.
   */
  private int spacedFieldEnd(int start, int end) {
    int equals = txt.indexOf('=', start);
    int value;
    if (equals >= 0 && equals < end) {
      // "name=" followed by whitespace and a value; "name=value" and "name=" alone are not
      if (equals != end - 1 || end == txt.length()) {
        return -1;
      }
      value = skipWsp(end);
    } else {
      int after = skipWsp(end);
      if (after == end || after == txt.length() || txt.charAt(after) != '=') {
        return -1;
      }
      value = skipWsp(after + 1);
    }
    if (value == txt.length() || txt.charAt(value) == ';' || value == end) {
      return equals >= 0 && equals < end ? -1 : value;
    }
    return tokenEnd(value);
  }

  private int skipWsp(int from) {
    int i = from;
    while (i < txt.length() && PolicyParser.isWsp(txt.charAt(i))) {
      i++;
    }
    return i;
  }

  private void error(String message, int index) {
    errors.add(Problem.at(STS_RECORD_SYNTAX, message, 1, index + 1));
  }
}
