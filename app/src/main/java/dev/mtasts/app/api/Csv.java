package dev.mtasts.app.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV of a {@link Table} (RFC 4180): a header, CRLF line ends, fields holding a comma, quote or
 * line break quoted with quotes doubled. A text cell that a spreadsheet would take for a formula
 * (starting with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe, so opening
 * an export never runs what a sender put in a report (OWASP "CSV injection").
 */
public final class Csv {

  private Csv() {}

  public static String of(Table table) {
    StringBuilder out = new StringBuilder();
    out.append(row(table.columns(), List.of())).append("\r\n");
    for (List<String> r : table.rows()) {
      out.append(row(r, table.numeric())).append("\r\n");
    }
    return out.toString();
  }

  private static String row(List<String> cells, List<Boolean> numeric) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      boolean number = i < numeric.size() && numeric.get(i);
      line.append(quoted(number ? cells.get(i) : guarded(cells.get(i))));
    }
    return line.toString();
  }

  /** A text cell that cannot start a formula. */
  static String guarded(String text) {
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      return "'" + text;
    }
    return text;
  }

  /** RFC 4180 §2: fields holding a comma, quote or line break are quoted, quotes doubled. */
  public static String quoted(String value) {
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  /** Several values in one cell, separated by spaces ({@code mx} patterns, policy modes). */
  static String joined(List<String> values) {
    return values.stream().collect(Collectors.joining(" "));
  }
}
