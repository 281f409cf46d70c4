package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

  @TempDir Path dir;

  @Test
  void theFirstStartCreatesAPrivateTokenAndLaterStartsReadIt() throws IOException {
    AdminToken first = AdminToken.inDataDirectory(dir.resolve("data"));
    assertThat(first.created()).isTrue();
    assertThat(first.value()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file())))
        .isEqualTo("rw-------");
    AdminToken again = AdminToken.inDataDirectory(dir.resolve("data"));
    assertThat(again.created()).isFalse();
    assertThat(again.value()).isEqualTo(first.value());
    assertThat(again.toString()).doesNotContain(first.value());
    assertThat(AdminToken.inDataDirectory(dir.resolve("other")).value())
        .isNotEqualTo(first.value());
  }

  @Test
  void anEmptyTokenFileIsAnErrorNotAnEmptyToken() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/admin-token"), "\n");
    assertThatThrownBy(() -> AdminToken.inDataDirectory(dir.resolve("data")))
        .hasMessageContaining("is empty");
  }
}
