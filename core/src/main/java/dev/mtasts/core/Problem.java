package dev.mtasts.core;

import java.util.Objects;

/**
 * One problem found in an input: a stable machine code (e.g. {@code POLICY_MODE_INVALID}), a
 * message a person can act on, and where it is. Errors and warnings share this shape.
 *
 * @param code stable identifier, UPPER_SNAKE_CASE; scripts depend on it
 * @param message what is wrong and, where it helps, how to fix it
 * @param line 1-based line in the input, or 0 when not applicable
 * @param column 1-based column in the line, or 0 when not applicable
 */
public record Problem(String code, String message, int line, int column) {

  public Problem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column are 1-based, or 0 for none");
    }
  }

  /** A problem without a position in the input. */
  public static Problem of(String code, String message) {
    return new Problem(code, message, 0, 0);
  }

  /** A problem at a line and column of the input (both 1-based). */
  public static Problem at(String code, String message, int line, int column) {
    return new Problem(code, message, line, column);
  }

  /** The message with its position, e.g. {@code line 3, column 7: ...}. */
  @Override
  public String toString() {
    if (line == 0) {
      return code + ": " + message;
    }
    return code + " (line " + line + (column == 0 ? "" : ", column " + column) + "): " + message;
  }
}
