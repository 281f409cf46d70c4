package dev.mtasts.app.cli;

import dev.mtasts.core.FileFailure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Reads a command's INPUT argument: a file path, or {@code -} for standard input; bounded. */
final class CliInput {
  /** Far above any policy (64 KiB) or record: larger inputs are refused unread. */
  static final int MAX_BYTES = 1024 * 1024;

  /** The error code of an input that cannot be read (in JSON output). */
  static final String UNREADABLE = "INPUT_UNREADABLE";

  private CliInput() {}

  /**
   * The bytes of {@code argument}.
   *
   * @throws IOException if it cannot be read or is larger than {@link #MAX_BYTES}
   */
  static byte[] read(String argument) throws IOException {
    try (InputStream in = open(argument)) {
      return readBounded(in);
    }
  }

  /**
   * The stream of {@code argument}: the file, or standard input for {@code -} (which closing the
   * stream leaves open).
   *
   * @throws IOException if the file cannot be opened
   */
  static InputStream open(String argument) throws IOException {
    if (argument.equals("-")) {
      return new FilterInputStream(System.in) {
        @Override
        public void close() {}
      };
    }
    Path file = pathOrNull(argument);
    if (file == null) {
      throw new IOException("not a file name");
    }
    return Files.newInputStream(file);
  }

  /** Why {@code argument} could not be read, e.g. "no such file" ({@link FileFailure}). */
  static String reason(String argument, IOException e) {
    Path file = argument.equals("-") ? null : pathOrNull(argument);
    return FileFailure.reason(file, e);
  }

  private static Path pathOrNull(String argument) {
    try {
      return Path.of(argument);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new IOException("larger than " + MAX_BYTES + " bytes");
    }
    return bytes;
  }
}
