package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolverCommandTest {

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    Main.Invocation invocation = Main.invocation(args);
    invocation.cli().setErr(new PrintWriter(err, true));
    return invocation.execute();
  }

  @Test
  void badConfigIsRejectedWithCodeAndLine(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("mta-sts-daemon.yml");
    Files.writeString(cfg, "host: 127.0.0.1\ncache:\n  type: memcached\n");
    assertThat(run("resolver", "--config", cfg.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("RESOLVER_CONFIG_UNSUPPORTED (line 3)");
  }

  @Test
  void missingConfigFileIsAToolError(@TempDir Path dir) {
    assertThat(run("resolver", "--config", dir.resolve("absent.yml").toString())).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "mtasts resolver: "
                + dir.resolve("absent.yml")
                + ": no such file"
                + System.lineSeparator());
  }

  @Test
  void warningsArePrintedBeforeErrors(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("mta-sts-daemon.yml");
    Files.writeString(cfg, "prot: 1\nport: x\n");
    assertThat(run("resolver", "-c", cfg.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("warning: RESOLVER_CONFIG_UNKNOWN_KEY (line 1)")
        .contains("error: RESOLVER_CONFIG_TYPE (line 2)");
  }

  @Test
  void theDaemonRunsWithoutTheOtherCommandsButHelpsAsThroughTheTree() {
    Main.Invocation invocation = Main.invocation("resolver", "--help");
    assertThat((Object) invocation.cli().getCommand()).isInstanceOf(ResolverCommand.class);
    assertThat(invocation.args()).containsExactly("--help");
    java.io.StringWriter out = new java.io.StringWriter();
    invocation.cli().setOut(new PrintWriter(out, true));
    assertThat(invocation.execute()).isZero();
    String viaTree = Main.commandLine().getSubcommands().get("resolver").getUsageMessage();
    assertThat(out.toString()).startsWith("Usage: mtasts resolver").isEqualTo(viaTree);
  }

  @Test
  void aMistypedOptionOfTheDaemonIsAUsageError() {
    assertThat(run("resolver", "--confg", "x.yml")).isEqualTo(2);
    assertThat(err.toString())
        .contains("mtasts: Unknown options: '--confg'")
        .contains("Possible solutions: --config");
  }

  @Test
  void otherCommandsGoThroughTheWholeTree() {
    assertThat((Object) Main.invocation("query", "example.org").cli().getCommand())
        .isInstanceOf(Main.class);
    assertThat((Object) Main.invocation().cli().getCommand()).isInstanceOf(Main.class);
  }
}
