package dev.mtasts.app.cli;

import dev.mtasts.core.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** How commands print {@link Problem}s: as text lines, or as JSON objects. */
public final class ProblemOutput {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemOutput() {}

  /** {@code {"code":...,"message":...}} plus {@code line} and {@code column} when known. */
  public static Map<String, Object> json(Problem problem) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("code", problem.code());
    object.put("message", problem.message());
    if (problem.line() > 0) {
      object.put("line", problem.line());
    }
    if (problem.column() > 0) {
      object.put("column", problem.column());
    }
    return object;
  }

  /** Each problem as {@link #json(Problem)} does. */
  public static List<Map<String, Object>> json(List<Problem> problems) {
    return problems.stream().map(ProblemOutput::json).toList();
  }

  /** e.g. {@code error POLICY_MX_INVALID (line 3, column 5): ...}. */
  static String text(String severity, Problem problem) {
    return severity + " " + problem;
  }
}
