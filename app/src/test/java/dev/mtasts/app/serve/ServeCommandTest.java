package dev.mtasts.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's refusals; a running serve is tested in ServeServiceTest and ServeKillIT. */
class ServeCommandTest {

  @TempDir Path dir;

  @Test
  void anUnknownKeyStopsTheStartNamingTheLine() throws IOException {
    Path config = dir.resolve("mtasts.yml");
    Files.writeString(config, "data: d\nhttp:\n  listen: 127.0.0.1:0\n  lisen: 1\n");
    CliRun run = CliRun.run("serve", "--config", config.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("SERVE_CONFIG_UNKNOWN_KEY (line 4): unknown key 'http.lisen'");
    assertThat(dir.resolve("d")).doesNotExist();
  }

  @Test
  void aMissingConfigFileIsExitTwo() {
    CliRun run = CliRun.run("serve", "--config", dir.resolve("nope.yml").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot read");
  }

  @Test
  void anUnreachableDatabaseIsExitTwo() {
    CliRun run =
        CliRun.run(
            "serve",
            "--data",
            dir.toString(),
            "--database",
            "jdbc:postgresql://127.0.0.1:1/mtasts?user=mtasts&connectTimeout=1");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot open the store");
  }
}
