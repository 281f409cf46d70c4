package dev.mtasts.core.tlsrpt;

import dev.mtasts.core.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: the errors and warnings of one report, in the order the schema is checked. A part read
 * before its turn (the stream gives members in any order) collects into its own {@code Problems},
 * added in turn with {@link #addAll}.
 */
final class Problems {

  private final List<Problem> errors = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  void error(String code, String message) {
    errors.add(Problem.of(code, message));
  }

  void warn(String code, String message) {
    warnings.add(Problem.of(code, message));
  }

  void addAll(Problems part) {
    if (!part.errors.isEmpty()) {
      errors.addAll(part.errors);
    }
    if (!part.warnings.isEmpty()) {
      warnings.addAll(part.warnings);
    }
  }

  List<Problem> errors() {
    return errors;
  }

  List<Problem> warnings() {
    return warnings;
  }
}
