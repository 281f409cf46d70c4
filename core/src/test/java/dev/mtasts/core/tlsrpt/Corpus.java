package dev.mtasts.core.tlsrpt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The real-report corpus, the test resources under {@code corpus/tlsrpt/} (its README.md gives each
 * file's source, licence and the deviations it shows).
 */
final class Corpus {

  private static final String RESOURCE = "/corpus/tlsrpt/README.md";

  private Corpus() {}

  static Path dir() {
    URL readme = Corpus.class.getResource(RESOURCE);
    if (readme == null) {
      throw new IllegalStateException("the TLS report corpus is not on the test classpath");
    }
    try {
      return Path.of(readme.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path file(String name) {
    Path path = dir().resolve(name);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("no corpus report " + path);
    }
    return path;
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
}
