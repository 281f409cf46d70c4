package dev.mtasts.app.api;

import java.util.List;
import java.util.Objects;

/**
 * One table of the dashboard as text cells: what a CSV export and {@code report summary}'s text
 * tables print, built once from the query results (see {@link Tables}).
 *
 * @param name the table's name, used in export file names ({@code by-result-type})
 * @param columns the column names (snake_case, as the JSON fields)
 * @param numeric per column, whether it holds numbers (right-aligned, never formula-guarded)
 * @param rows the cells, one list per row, as many as there are columns
 */
public record Table(
    String name, List<String> columns, List<Boolean> numeric, List<List<String>> rows) {

  public Table {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    numeric = List.copyOf(numeric);
    rows = rows.stream().map(List::copyOf).toList();
    if (numeric.size() != columns.size()) {
      throw new IllegalArgumentException("one numeric flag per column");
    }
    for (List<String> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row " + row + " does not have " + columns.size() + " cells");
      }
    }
  }
}
