package dev.mtasts.core.policy;

import java.net.IDN;
import java.util.Locale;

/**
 * Syntax of the {@code Domain} of RFC 5321 §4.1.2 (labels of letters, digits and hyphens, starting
 * and ending with a letter or digit) with the DNS length limits of RFC 1035 §2.3.4, and the A-label
 * requirement of RFC 8461 §3.2 for internationalized names.
 */
final class DomainNames {
  private static final int MAX_LABEL = 63;
  private static final int MAX_NAME = 253;

  /** What is wrong with a name, and where (0-based index into the name). */
  record Flaw(String code, String message, int index) {}

  private DomainNames() {}

  /** The first flaw of {@code name} as an RFC 5321 Domain in A-label form, or null if none. */
  static Flaw check(String name) {
    if (name.isEmpty()) {
      return new Flaw(PolicyCodes.POLICY_MX_INVALID, "empty host name", 0);
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) > 0x7F) {
        return new Flaw(PolicyCodes.POLICY_MX_NOT_A_LABEL, nonAsciiMessage(name), i);
      }
    }
    if (name.length() > MAX_NAME) {
      return new Flaw(
          PolicyCodes.POLICY_MX_INVALID,
          "host name longer than " + MAX_NAME + " characters",
          MAX_NAME);
    }
    int start = 0;
    while (true) {
      int dot = name.indexOf('.', start);
      int end = dot < 0 ? name.length() : dot;
      Flaw flaw = checkLabel(name, start, end, dot >= 0 && dot == name.length() - 1);
      if (flaw != null) {
        return flaw;
      }
      if (dot < 0) {
        return null;
      }
      start = dot + 1;
    }
  }

  private static Flaw checkLabel(String name, int start, int end, boolean trailingDot) {
    if (start == end) {
      return new Flaw(PolicyCodes.POLICY_MX_INVALID, "empty label (a dot too many)", start);
    }
    if (trailingDot) {
      // the label is fine, but a Domain (RFC 5321 §4.1.2) has no trailing dot
      Flaw labelFlaw = checkLabel(name, start, end, false);
      return labelFlaw != null
          ? labelFlaw
          : new Flaw(PolicyCodes.POLICY_MX_INVALID, "trailing dot not allowed", end);
    }
    if (end - start > MAX_LABEL) {
      return new Flaw(
          PolicyCodes.POLICY_MX_INVALID,
          "label longer than " + MAX_LABEL + " characters",
          start + MAX_LABEL);
    }
    for (int i = start; i < end; i++) {
      char c = name.charAt(i);
      if (!isLetDig(c) && c != '-') {
        return new Flaw(
            PolicyCodes.POLICY_MX_INVALID,
            c == '*'
                ? "'*' is only allowed as the whole left-most label, as in *.example.com"
                : "character '" + printable(c) + "' not allowed in a host name",
            i);
      }
    }
    if (name.charAt(start) == '-' || name.charAt(end - 1) == '-') {
      int at = name.charAt(start) == '-' ? start : end - 1;
      return new Flaw(PolicyCodes.POLICY_MX_INVALID, "a label cannot start or end with '-'", at);
    }
    String label = name.substring(start, end);
    if (label.toLowerCase(Locale.ROOT).startsWith("xn--") && !isValidALabel(label)) {
      return new Flaw(
          PolicyCodes.POLICY_MX_NOT_A_LABEL, "'" + label + "' is not a valid A-label", start);
    }
    return null;
  }

  /** An A-label decodes from Punycode and encodes back to itself (RFC 5890 §2.3.2.1). */
  private static boolean isValidALabel(String label) {
    String unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
    if (unicode.equalsIgnoreCase(label)) {
      return false; // IDN.toUnicode returns its input when decoding fails
    }
    try {
      return IDN.toASCII(unicode, IDN.ALLOW_UNASSIGNED).equalsIgnoreCase(label);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String nonAsciiMessage(String name) {
    String hint;
    try {
      hint = " (here: " + IDN.toASCII(name, IDN.ALLOW_UNASSIGNED) + ")";
    } catch (IllegalArgumentException e) {
      hint = "";
    }
    return "non-ASCII host name: RFC 8461 §3.2 requires the Punycode A-label" + hint;
  }

  static boolean isLetDig(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  static String printable(char c) {
    return c < 0x20 || c == 0x7F
        ? String.format(Locale.ROOT, "\\x%02X", (int) c)
        : String.valueOf(c);
  }
}
