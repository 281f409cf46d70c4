package dev.mtasts.app.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether standard streams are terminals, and whether colour is wanted (https://no-color.org). */
final class Terminal {

  private Terminal() {}

  /** True when file descriptor {@code fd} of this process is a terminal (Linux: /proc/self/fd). */
  static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Colour on standard output: a terminal, NO_COLOR unset or empty, and TERM not "dumb". */
  static boolean colourWanted() {
    String noColor = System.getenv("NO_COLOR");
    return isTerminal(1)
        && (noColor == null || noColor.isEmpty())
        && !"dumb".equals(System.getenv("TERM"));
  }
}
