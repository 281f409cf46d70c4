package dev.mtasts.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a command's INPUT argument: a file path, or {@code -} for standard input; bounded. */
final class CliInput {
  /** Far above any policy (64 KiB) or record: larger inputs are refused unread. */
  static final int MAX_BYTES = 1024 * 1024;

  private CliInput() {}

  /**
   * The bytes of {@code argument}.
   *
   * @throws IOException if it cannot be read or is larger than {@link #MAX_BYTES}
   */
  static byte[] read(String argument) throws IOException {
    if (argument.equals("-")) {
      return readBounded(System.in);
    }
    try (InputStream in = Files.newInputStream(Path.of(argument))) {
      return readBounded(in);
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new IOException("larger than " + MAX_BYTES + " bytes");
    }
    return bytes;
  }

  /** A short reason for a failed read, e.g. "no such file". */
  static String reason(IOException e) {
    return switch (e) {
      case java.nio.file.NoSuchFileException ignored -> "no such file";
      case java.nio.file.AccessDeniedException ignored -> "permission denied";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
