package dev.mtasts.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a file could not be read (or written), in the words every command uses: {@code no such file},
 * {@code permission denied}, {@code is a directory}. The JDK's own messages of these exceptions are
 * only the path again ({@code cannot read /x.yml: /x.yml}).
 */
public final class FileFailure {

  private FileFailure() {}

  /** e.g. {@code /etc/x.yml: no such file}. */
  public static String message(Path file, IOException e) {
    return file + ": " + reason(file, e);
  }

  /**
   * The reason alone, e.g. {@code permission denied}; {@code file} may be null when the input was
   * no file (standard input).
   */
  public static String reason(Path file, IOException e) {
    if (file != null && Files.isDirectory(file)) {
      return "is a directory";
    }
    return switch (e) {
      case NoSuchFileException ignored -> "no such file";
      case AccessDeniedException ignored -> "permission denied";
      case FileSystemException f ->
          f.getReason() == null ? "cannot be read" : sentence(f.getReason());
      default -> e.getMessage() == null ? "cannot be read" : sentence(e.getMessage());
    };
  }

  /** The operating system's "Not a directory" as the rest of a message: "not a directory". */
  private static String sentence(String reason) {
    return reason.isEmpty()
        ? "cannot be read"
        : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
  }
}
