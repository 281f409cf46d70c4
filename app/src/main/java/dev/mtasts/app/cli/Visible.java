package dev.mtasts.app.cli;

/**
 * Text from a report's sender (names, reasons) made safe for a terminal: control characters and
 * bidirectional overrides are shown as Java-style escapes (ESC as a backslash, u and 001b), so that
 * a report can neither drive the terminal nor break a line.
 */
final class Visible {

  private Visible() {}

  static String text(String s) {
    StringBuilder visible = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || isBidiControl(c)) {
                visible.append(String.format("\\u%04x", c));
              } else {
                visible.appendCodePoint(c);
              }
            });
    return visible.toString();
  }

  /** Bidirectional overrides and isolates, which can make text read otherwise than it is. */
  private static boolean isBidiControl(int c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }
}
