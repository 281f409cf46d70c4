package dev.mtasts.core.tlsrpt;

import static dev.mtasts.core.tlsrpt.JsonValue.isAbsent;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Internal: the checks RFC 8460 §4.4 puts on one member, shared by the readers of every report
 * object. {@code path} is the member's object (e.g. {@code policies[3].summary.}); the full path is
 * only built for a message.
 */
final class MemberChecks {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  private MemberChecks() {}

  /** Whether the member is an object; an error when it is absent, null or anything else. */
  static boolean isObject(Problems problems, JsonValue value, ReportPath path, String key) {
    if (isAbsent(value)) {
      problems.error("REPORT_MISSING_FIELD", path + key + " is missing");
      return false;
    }
    if (value != JsonValue.Kind.OBJECT) {
      problems.error("REPORT_WRONG_TYPE", path + key + " must be an object");
      return false;
    }
    return true;
  }

  /** The member's string; null after an error. */
  static String requiredString(Problems problems, JsonValue value, ReportPath path, String key) {
    if (isAbsent(value)) {
      problems.error("REPORT_MISSING_FIELD", path + key + " is missing");
      return null;
    }
    return string(problems, value, path, key).orElse(null);
  }

  /** The member's string, empty when absent or null (or, with an error, not a string). */
  static Optional<String> optionalString(
      Problems problems, JsonValue value, ReportPath path, String key) {
    if (isAbsent(value)) {
      return Optional.empty();
    }
    return string(problems, value, path, key);
  }

  /** The string of a present member; empty with an error when it is something else. */
  static Optional<String> string(Problems problems, JsonValue value, ReportPath path, String key) {
    if (value instanceof JsonValue.Text text) {
      return Optional.of(text.value());
    }
    problems.error("REPORT_WRONG_TYPE", path + key + " must be a string");
    return Optional.empty();
  }

  /** A present array of strings; one string is taken as its only element, with a warning. */
  static List<String> stringList(
      Problems problems, JsonValue value, ReportPath path, String key, String notArrayCode) {
    if (value instanceof JsonValue.Text text) {
      problems.warn(
          notArrayCode, path + key + " is a string; RFC 8460 §4.4 makes it an array of strings");
      return List.of(text.value());
    }
    if (!(value instanceof JsonValue.Strings strings)) {
      problems.error("REPORT_WRONG_TYPE", path + key + " must be an array of strings");
      return List.of();
    }
    for (int index : strings.notStrings()) {
      problems.error("REPORT_WRONG_TYPE", path + key + "[" + index + "] must be a string");
    }
    return strings.values();
  }

  /** A session count (RFC 8460 §4.4: an integer JSON number); -1 after an error. */
  static long count(
      Problems problems, JsonValue value, ReportPath path, String key, boolean required) {
    if (isAbsent(value)) {
      if (required) {
        problems.error("REPORT_MISSING_FIELD", path + key + " is missing");
        return -1;
      }
      problems.warn("REPORT_COUNT_MISSING", path + key + " is absent; read as 0");
      return 0;
    }
    if (value instanceof JsonValue.Text text && DIGITS.matcher(text.value()).matches()) {
      problems.warn(
          "REPORT_NUMBER_AS_STRING", path + key + " is a string; RFC 8460 §4.4 makes it a number");
      return Long.parseLong(text.value());
    }
    if (!(value instanceof JsonValue.Whole whole)) {
      problems.error("REPORT_WRONG_TYPE", path + key + " must be a whole number");
      return -1;
    }
    if (whole.value() < 0) {
      problems.error("REPORT_INVALID_VALUE", path + key + " is negative");
      return -1;
    }
    return whole.value();
  }

  /**
   * The member under the schema's key or, when that is absent, under the RFC 8460 prose's name for
   * it (an erratum), with a warning.
   */
  static JsonValue aliased(
      Problems problems,
      JsonValue value,
      JsonValue aliasValue,
      ReportPath path,
      String key,
      String alias) {
    if (value == null && aliasValue != null) {
      problems.warn(
          "REPORT_PROSE_KEY_NAME",
          path + alias + " is the RFC 8460 prose name; the schema block names it " + key);
      return aliasValue;
    }
    return value;
  }
}
