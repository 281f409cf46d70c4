package dev.mtasts.core;

import java.util.Locale;

/** ASCII character classes of the RFC grammars, and characters as problem messages show them. */
public final class Ascii {
  private Ascii() {}

  /** {@code Let-dig} of RFC 5321 §4.1.2 ({@code ALPHA / DIGIT}, RFC 5234 Appendix B.1). */
  public static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** {@code c} as a message shows it: control characters as {@code \xNN}. */
  public static String printable(char c) {
    return c < 0x20 || c == 0x7F
        ? String.format(Locale.ROOT, "\\x%02X", (int) c)
        : String.valueOf(c);
  }
}
