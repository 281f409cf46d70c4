package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.testing.MtastsJar;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon loads only what its configuration uses, and its AppCDS archive works (issue 15): the
 * built jar run as the launcher runs it, its class loading logged by the JVM.
 */
class ResolverFootprintIT {

  private static final List<String> NOT_FOR_AN_INTERNAL_CACHE =
      List.of(
          "io.micrometer.",
          "io.prometheus.",
          "tools.jackson.databind.",
          "org.postgresql.",
          "redis.clients.",
          "com.zaxxer.hikari.",
          "org.flywaydb.",
          "org.eclipse.jetty.",
          "ch.qos.logback.classic.joran.",
          "ch.qos.logback.core.model.",
          "dev.mtasts.app.check.CheckCommand",
          "dev.mtasts.app.serve.");

  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Path config(String extra) throws IOException {
    Path file = dir.resolve("mta-sts-daemon.yml");
    Files.writeString(
        file,
        "host: 127.0.0.1\nport: "
            + freePort()
            + "\ncache: {type: internal}\ndane: {mode: ignore}\nmtasts: {dns: 127.0.0.1:1}\n"
            + extra);
    return file;
  }

  /** Runs the resolver until it is ready, stops it with SIGTERM; returns the classes it loaded. */
  private List<String> loadedClasses(Path config, String log, String... jvmOptions)
      throws Exception {
    MtastsJar jar = MtastsJar.assumeBuilt();
    List<String> argv = new ArrayList<>(jar.command("resolver", "--config", config.toString()));
    argv.addAll(1, List.of(jvmOptions));
    argv.add(1, "-Xlog:class+load=info:file=" + dir.resolve(log));
    Path err = dir.resolve(log + ".err");
    Process daemon =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(err.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(err).contains("resolver ready")) {
        assertThat(daemon.isAlive()).as(Files.readString(err)).isTrue();
        assertThat(System.nanoTime()).as("ready within 60 s").isLessThan(deadline);
        Thread.sleep(50);
      }
    } finally {
      daemon.destroy(); // SIGTERM: a clean stop, which also writes an AppCDS archive
      assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    return Files.readAllLines(dir.resolve(log));
  }

  private static boolean loads(List<String> lines, String prefix) {
    return lines.stream().anyMatch(l -> l.contains("] " + prefix));
  }

  @Test
  void anInternalCacheWithoutMetricsLoadsNoDriverNoMetricsAndNoOtherCommand() throws Exception {
    List<String> lines = loadedClasses(config(""), "internal.log");
    assertThat(loads(lines, "dev.mtasts.app.resolver.ResolverCommand ")).isTrue();
    for (String prefix : NOT_FOR_AN_INTERNAL_CACHE) {
      assertThat(loads(lines, prefix)).as(prefix).isFalse();
    }
  }

  @Test
  void metricsAreLoadedWhenConfigured() throws Exception {
    String metrics = "metrics: {listen: 127.0.0.1:" + freePort() + "}\n";
    List<String> lines = loadedClasses(config(metrics), "metrics.log");
    assertThat(loads(lines, "io.micrometer.")).isTrue();
    assertThat(loads(lines, "io.prometheus.")).isTrue();
  }

  @Test
  void theArchiveWrittenAtTheFirstStopServesTheSecondStart() throws Exception {
    Path archive = dir.resolve("resolver.jsa");
    String[] cds = {
      "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=error"
    };
    Path config = config("");
    List<String> first = loadedClasses(config, "first.log", cds);
    assertThat(archive).isNotEmptyFile();
    assertThat(first)
        .noneMatch(l -> l.contains("ResolverCommand source: shared objects file (top)"));
    List<String> second = loadedClasses(config, "second.log", cds);
    assertThat(second)
        .anyMatch(
            l ->
                l.contains(
                    "dev.mtasts.app.resolver.ResolverCommand source: shared objects file (top)"));
    assertThat(Files.readString(dir.resolve("second.log.err"))).doesNotContain("[cds");
  }
}
