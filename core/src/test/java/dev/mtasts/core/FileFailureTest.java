package dev.mtasts.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reason a file cannot be read, in words, never the path again. */
class FileFailureTest {

  @TempDir Path dir;

  private static IOException thrownBy(ThrowingRead read) {
    try {
      read.run();
    } catch (IOException e) {
      return e;
    }
    throw new AssertionError("the read succeeded");
  }

  interface ThrowingRead {
    void run() throws IOException;
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    Path missing = dir.resolve("x.yml");
    IOException e = thrownBy(() -> Files.readString(missing));

    assertThat(e.getMessage()).isEqualTo(missing.toString()); // what the JDK says: the path only
    assertThat(FileFailure.message(missing, e)).isEqualTo(missing + ": no such file");
  }

  @Test
  void aDirectoryIsADirectory() {
    IOException e = thrownBy(() -> Files.readString(dir));

    assertThat(FileFailure.message(dir, e)).isEqualTo(dir + ": is a directory");
  }

  @Test
  void aFileWhereADirectoryShouldBeIsSaidInTheSystemsWords() throws IOException {
    Path file = Files.writeString(dir.resolve("f"), "x");
    Path below = file.resolve("x.yml");
    IOException e = thrownBy(() -> Files.readString(below));

    assertThat(FileFailure.reason(below, e)).isEqualTo("not a directory");
  }

  @Test
  void permissionDenied() {
    // Tests run as root, which no file mode stops: the exception is what the JDK throws for EACCES.
    Path file = dir.resolve("p.pem");
    AccessDeniedException e = new AccessDeniedException(file.toString());

    assertThat(FileFailure.message(file, e)).isEqualTo(file + ": permission denied");
  }

  @Test
  void otherFailuresGiveTheirReasonOrAPlainPhrase() {
    assertThat(FileFailure.reason(null, new IOException("larger than 10 bytes")))
        .isEqualTo("larger than 10 bytes");
    assertThat(FileFailure.reason(null, new FileSystemException("/x"))).isEqualTo("cannot be read");
    assertThat(FileFailure.reason(null, new IOException())).isEqualTo("cannot be read");
  }
}
