package dev.mtasts.core.tlsrpt;

import dev.mtasts.core.Problem;
import java.util.List;

/** Internal: input that is not a report, carried out of nested readers to one result. */
final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<Problem> problems;

  Rejection(List<Problem> problems) {
    super(problems.getFirst().toString(), null, false, false);
    this.problems = List.copyOf(problems);
  }

  Rejection(String code, String message) {
    this(List.of(Problem.of(code, message)));
  }

  List<Problem> problems() {
    return problems;
  }
}
