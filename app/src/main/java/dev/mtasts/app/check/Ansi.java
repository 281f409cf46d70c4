package dev.mtasts.app.check;

import dev.mtasts.core.check.DomainStatus;
import dev.mtasts.core.check.Severity;

/** ANSI colours (ECMA-48 SGR), or none at all. */
record Ansi(boolean enabled) {

  private static final String RESET = "\u001b[0m";

  String bold(String text) {
    return paint("1", text);
  }

  String dim(String text) {
    return paint("2", text);
  }

  String severity(Severity severity, String text) {
    return switch (severity) {
      case ERROR -> paint("1;31", text);
      case WARNING -> paint("1;33", text);
      case INFO -> paint("36", text);
    };
  }

  String status(DomainStatus status, String text) {
    return switch (status) {
      case PASS -> paint("1;32", text);
      case WARN -> paint("1;33", text);
      case FAIL -> paint("1;31", text);
      case ABSENT -> paint("1;36", text);
    };
  }

  private String paint(String code, String text) {
    return enabled ? "\u001b[" + code + "m" + text + RESET : text;
  }
}
