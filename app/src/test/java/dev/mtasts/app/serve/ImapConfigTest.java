package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code reports.imap} in the serve config (docs/configuration.md). */
class ImapConfigTest {

  private static ParseResult<ServeConfig> read(String imap) {
    return ServeConfigReader.read("reports:\n  imap: " + imap + "\n", Path.of("/etc/mtasts"));
  }

  @Test
  void theDefaultsApply() {
    ServeConfig c =
        read("{url: imaps://user@imap.example.org/INBOX, password_file: imap.pass}").orThrow();
    assertThat(c.reports().imap())
        .contains(
            new ServeConfig.Imap(
                URI.create("imaps://user@imap.example.org/INBOX"),
                Path.of("/etc/mtasts/imap.pass"),
                Duration.ofSeconds(300),
                "Processed",
                "Failed"));
  }

  @Test
  void theOptionalKeysAreRead() {
    ServeConfig c =
        read("{url: imaps://u@h.example/INBOX, password_file: p, poll_interval: 60,"
                + " processed_folder: Done, failed_folder: Bad}")
            .orThrow();
    ServeConfig.Imap imap = c.reports().imap().orElseThrow();
    assertThat(imap.pollInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(imap.processedFolder()).isEqualTo("Done");
    assertThat(imap.failedFolder()).isEqualTo("Bad");
  }

  @Test
  void plainImapIsRefusedToANonLoopbackHost() {
    assertThat(read("{url: imap://u@192.0.2.1/INBOX, password_file: p}").errors())
        .extracting(Problem::code)
        .containsExactly("SERVE_CONFIG_VALUE");
    assertThat(read("{url: imap://u@imap.example.org/INBOX, password_file: p}").errors())
        .extracting(Problem::code)
        .containsExactly("SERVE_CONFIG_VALUE");
  }

  @Test
  void plainImapIsAllowedToLoopback() {
    assertThat(read("{url: imap://u@127.0.0.1:1143/INBOX, password_file: p}").errors()).isEmpty();
  }

  @Test
  void aUrlWithoutUserOrWithAnotherSchemeIsRefused() {
    assertThat(read("{url: imaps://imap.example.org/INBOX, password_file: p}").errors())
        .extracting(Problem::code)
        .containsExactly("SERVE_CONFIG_VALUE");
    assertThat(read("{url: https://u@imap.example.org/INBOX, password_file: p}").errors())
        .extracting(Problem::code)
        .containsExactly("SERVE_CONFIG_VALUE");
  }

  @Test
  void aMissingPasswordFileIsAnError() {
    assertThat(read("{url: imaps://u@imap.example.org/INBOX}").errors())
        .extracting(Problem::code)
        .containsExactly("SERVE_CONFIG_MISSING");
  }

  @Test
  void anUnknownKeyIsAnError() {
    assertThat(read("{url: imaps://u@h.example/INBOX, password_file: p, idle: yes}").errors())
        .extracting(Problem::code)
        .containsExactly("SERVE_CONFIG_UNKNOWN_KEY");
    assertThat(read("{url: imaps://u@h.example/INBOX, password_file: p}").warnings()).isEmpty();
  }
}
