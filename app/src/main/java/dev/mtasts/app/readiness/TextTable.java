package dev.mtasts.app.readiness;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... header) {
    this.header = List.of(header);
  }

  TextTable row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(visible(String.valueOf(c)));
    }
    rows.add(r);
    return this;
  }

  List<String> lines(String indent) {
    int[] width = new int[header.size()];
    boolean[] numeric = new boolean[header.size()];
    java.util.Arrays.fill(numeric, !rows.isEmpty());
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
        numeric[i] &= r.get(i).matches("[0-9.%]+");
      }
    }
    List<String> out = new ArrayList<>();
    out.add(line(indent, header, width, numeric));
    for (List<String> r : rows) {
      out.add(line(indent, r, width, numeric));
    }
    return out;
  }

  private static String line(String indent, List<String> cells, int[] width, boolean[] numeric) {
    StringBuilder b = new StringBuilder(indent);
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      b.append(numeric[i] ? pad + c : c + (i == cells.size() - 1 ? "" : pad));
      if (i < cells.size() - 1) {
        b.append("  ");
      }
    }
    return b.toString().stripTrailing();
  }

  /**
   * What senders wrote (organisation names) may hold control characters and bidirectional
   * overrides: shown as escapes so a report cannot drive the terminal or break a line.
   */
  static String visible(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)
                  || (c >= 0x202A && c <= 0x202E)
                  || (c >= 0x2066 && c <= 0x2069)) {
                b.append(String.format("\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}
