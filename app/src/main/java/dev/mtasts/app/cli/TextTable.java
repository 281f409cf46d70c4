package dev.mtasts.app.cli;

import dev.mtasts.app.api.Table;
import java.io.PrintWriter;
import java.util.List;

/** A {@link Table} as aligned text: numbers right-aligned, text left-aligned, two spaces apart. */
final class TextTable {

  private TextTable() {}

  static void print(PrintWriter out, String title, Table table) {
    out.println(title);
    if (table.rows().isEmpty()) {
      out.println("  (none)");
      out.println();
      return;
    }
    int[] width = new int[table.columns().size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = table.columns().get(c).length();
      for (List<String> row : table.rows()) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    out.println(line(table.columns(), width, table.numeric()));
    for (List<String> row : table.rows()) {
      out.println(line(row, width, table.numeric()));
    }
    out.println();
  }

  private static String line(List<String> cells, int[] width, List<Boolean> numeric) {
    StringBuilder s = new StringBuilder(" ");
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - cell.length());
      s.append(' ').append(numeric.get(c) ? pad + cell : cell + pad).append(' ');
    }
    return s.toString().stripTrailing();
  }
}
