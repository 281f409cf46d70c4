package dev.mtasts.app.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The names to check: those on the command line, then those of {@code --input} (one per line,
 * {@code #} starts a comment, blank lines skipped), read lazily so a million-line file costs no
 * memory.
 */
final class DomainSource {

  /** Lines longer than this are not domain names; they are reported, not held. */
  static final int MAX_LINE = 1024;

  private DomainSource() {}

  /**
   * Opens the names; the caller closes the stream.
   *
   * @throws IOException if {@code input} cannot be opened
   */
  static Stream<String> open(List<String> arguments, Optional<Path> input) throws IOException {
    Stream<String> fromArguments = arguments.stream();
    if (input.isEmpty()) {
      return fromArguments;
    }
    // Malformed bytes become U+FFFD: such a line is then an invalid name, reported as one.
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(input.get()),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    Stream<String> fromFile =
        reader
            .lines()
            .map(DomainSource::withoutComment)
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .map(line -> line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line)
            .onClose(
                () -> {
                  try {
                    reader.close();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
    return Stream.concat(fromArguments, fromFile);
  }

  /** How many names {@link #open} yields, counted without holding them (for the progress bar). */
  static long count(List<String> arguments, Optional<Path> input) throws IOException {
    try (Stream<String> names = open(arguments, input)) {
      return names.count();
    }
  }

  private static String withoutComment(String line) {
    int hash = line.indexOf('#');
    return hash < 0 ? line : line.substring(0, hash);
  }
}
