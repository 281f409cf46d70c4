package dev.mtasts.app.sending;

import static dev.mtasts.app.sending.SendingFixtures.sts;
import static dev.mtasts.app.sending.SendingFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.sending.aggregate.DayCounts;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.app.serve.ServeService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serve with {@code tlsrpt_reporting}: the sink counts into the sending database. */
class SendingServiceTest {

  private static final String SECTION =
      """
      tlsrpt_reporting:
        organization_name: Example Mail
        submitter: example.net
        dkim: %s
      """;

  @TempDir Path dir;

  private ServeConfig config(String dkim) {
    return ServeConfigReader.read(
            "data: data\nhttp:\n  listen: 127.0.0.1:0\n" + SECTION.formatted(dkim), dir)
        .orThrow();
  }

  @Test
  void serveCountsWhatItsSinkIsGiven() throws Exception {
    ServeService serve = ServeService.start(config("mta"), "t", SystemdNotifier.fromEnvironment());
    try {
      HandshakeSink sink = serve.tlsrptSink().orElseThrow();
      for (int i = 0; i < 4; i++) {
        sink.record(
            success(Instant.parse("2026-11-30T10:00:00Z"), "example.com", sts("example.com")));
      }
    } finally {
      serve.close(); // writes the last counts
    }
    try (SendingDatabase database = SendingDatabase.open(dir.resolve("data/sending.db"))) {
      assertThat(
              new DayCounts(database)
                  .results(LocalDate.parse("2026-11-30"), "example.com")
                  .getFirst()
                  .summary()
                  .totalSuccessfulSessionCount())
          .isEqualTo(4);
    }
  }

  @Test
  void serveWithoutTheSectionHasNoSink() throws Exception {
    ServeConfig plain =
        ServeConfigReader.read("data: data\nhttp:\n  listen: 127.0.0.1:0\n", dir).orThrow();
    try (ServeService serve = ServeService.start(plain, "t", SystemdNotifier.fromEnvironment())) {
      assertThat(serve.tlsrptSink()).isEmpty();
    }
    assertThat(Files.exists(dir.resolve("data/sending.db"))).isFalse();
  }

  @Test
  void anUnreadableDkimKeyStopsServeWithTheReason() {
    ServeConfig config =
        config("{domain: example.net, selector: tlsrpt, key_file: missing.key}")
            .withData(dir.resolve("data"));
    assertThatThrownBy(() -> ServeService.start(config, "t", SystemdNotifier.fromEnvironment()))
        .hasMessageContaining("tlsrpt_reporting.dkim.key_file")
        .hasMessageContaining("missing.key");
  }

  @Test
  void aKeyFileWithoutAKeyIsRefused() throws Exception {
    Files.writeString(dir.resolve("bad.key"), "not a key\n");
    ServeConfig config = config("{domain: example.net, selector: tlsrpt, key_file: bad.key}");
    assertThatThrownBy(() -> ServeService.start(config, "t", SystemdNotifier.fromEnvironment()))
        .hasMessageContaining("no unencrypted private key");
  }
}
