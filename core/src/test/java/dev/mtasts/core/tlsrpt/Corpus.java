package dev.mtasts.core.tlsrpt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The real-report corpus, {@code shared/corpus/tlsrpt}. The shared folder is a sibling of the
 * checkout ({@code <project root>/../shared}); from a worktree nested deeper it is found on an
 * ancestor. {@code -Dmtasts.shared=DIR} overrides.
 */
final class Corpus {

  private Corpus() {}

  static Path dir() {
    String override = System.getProperty("mtasts.shared");
    if (override != null) {
      return require(Path.of(override).resolve("corpus/tlsrpt"));
    }
    Path root = projectRoot();
    for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/corpus/tlsrpt");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return require(root.resolve("../shared/corpus/tlsrpt").normalize());
  }

  static Path file(String name) {
    return require(dir().resolve(name));
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every report file of the corpus (not the README or SOURCES). */
  static Stream<Path> files() {
    try (Stream<Path> files = Files.list(dir())) {
      return files
          .filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".eml"))
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no project root (a directory with mvnw) above the test");
  }

  private static Path require(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          "the TLS report corpus is missing at "
              + path
              + ": check out the shared folder beside the project (../shared/corpus/tlsrpt)"
              + " or pass -Dmtasts.shared=DIR");
    }
    return path;
  }
}
