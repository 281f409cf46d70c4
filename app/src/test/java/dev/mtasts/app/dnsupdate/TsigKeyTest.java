package dev.mtasts.app.dnsupdate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsigKeyTest {

  @TempDir Path dir;

  private Path file(String text) throws IOException {
    Path file = dir.resolve("tsig.key");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readsTheBase64SecretAndNeverPrintsIt() throws IOException {
    ParseResult<TsigKey> key = TsigKey.load("mtasts-update", "HMAC-SHA512", file("  c2VjcmV0\n"));
    assertThat(key).isInstanceOf(ParseResult.Ok.class);
    TsigKey value = ((ParseResult.Ok<TsigKey>) key).value();
    assertThat(value.secret()).isEqualTo("c2VjcmV0");
    assertThat(value.algorithm()).isEqualTo("hmac-sha512");
    assertThat(value.toString()).doesNotContain("c2VjcmV0");
  }

  @Test
  void md5AndSha1AreRefused() throws IOException {
    Path file = file("c2VjcmV0");
    assertThat(TsigKey.load("k", "hmac-md5", file).errors().getFirst().message())
        .contains("algorithm must be one of");
    assertThat(TsigKey.load("k", "hmac-sha1", file).errors()).isNotEmpty();
  }

  @Test
  void missingEmptyAndNonBase64FilesAreRefused() throws IOException {
    assertThat(TsigKey.load("k", "hmac-sha256", dir.resolve("absent")).errors().getFirst().code())
        .isEqualTo("TSIG_KEY_INVALID");
    assertThat(TsigKey.load("k", "hmac-sha256", file("\n")).errors().getFirst().message())
        .contains("empty");
    assertThat(TsigKey.load("k", "hmac-sha256", file("not base64!")).errors().getFirst().message())
        .contains("base64");
  }

  @Test
  void badKeyNameIsRefused() throws IOException {
    assertThat(TsigKey.load("a..b", "hmac-sha256", file("c2VjcmV0")).errors()).isNotEmpty();
  }
}
