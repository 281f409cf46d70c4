package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/java-opts.sh, which both launchers ({@code ./mtasts} and the Debian package's) source:
 * the AppCDS archive is named after the JDK and the jar, because the JVM does not write a stale
 * archive anew (it complains at every start and runs without one).
 */
class LauncherJvmOptionsTest {

  private static final Path SCRIPT = Path.of("..", "scripts", "java-opts.sh").toAbsolutePath();
  private static final Pattern ARCHIVE = Pattern.compile("-XX:SharedArchiveFile=(\\S+)");

  @TempDir Path dir;

  /** The options {@code mtasts_jvm_setup COMMAND JAVA_HOME JAR} chooses, in {@code env}. */
  private String options(String command, Path jar, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            "-c",
            "source \"$0\"; mtasts_jvm_setup \"$1\" \"$2\" \"$3\"; printf '%s' \"$MTASTS_JVM_ARGS\"",
            SCRIPT.toString(),
            command,
            System.getProperty("java.home"),
            jar.toString());
    pb.environment().remove("MTASTS_JAVA_OPTS");
    pb.environment().put("MTASTS_CDS_DIR", dir.resolve("cds").toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  private static String archive(String options) {
    Matcher m = ARCHIVE.matcher(options);
    assertThat(m.find()).as(options).isTrue();
    return m.group(1);
  }

  private Path jar(String content) throws IOException {
    Path jar = dir.resolve("mtasts.jar");
    Files.writeString(jar, content);
    return jar;
  }

  @Test
  void theSameJarKeepsItsArchive() throws Exception {
    Path jar = jar("v1");
    String first = archive(options("resolver", jar, Map.of()));
    Files.write(Path.of(first), new byte[] {1});
    assertThat(archive(options("resolver", jar, Map.of()))).isEqualTo(first);
    assertThat(Path.of(first)).exists();
    assertThat(Path.of(first).getFileName().toString())
        .startsWith("resolver-jdk" + Runtime.version().feature());
  }

  @Test
  void aNewJarGetsANewArchiveAndTheOldOneGoes() throws Exception {
    Path jar = jar("v1");
    String first = archive(options("resolver", jar, Map.of()));
    Files.write(Path.of(first), new byte[] {1});
    String serve = archive(options("serve", jar, Map.of()));
    Files.write(Path.of(serve), new byte[] {1});

    Files.writeString(jar, "version two");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    String second = archive(options("resolver", jar, Map.of()));

    assertThat(second).isNotEqualTo(first);
    assertThat(Path.of(first)).doesNotExist();
    // Only the command's own archives are cleared.
    assertThat(Path.of(serve)).exists();
  }

  @Test
  void aJarWithTheSameSizeButAnotherTimeGetsANewArchive() throws Exception {
    Path jar = jar("v1");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2029-01-01T00:00:00Z")));
    String first = archive(options("resolver", jar, Map.of()));
    Files.writeString(jar, "v2");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    assertThat(archive(options("resolver", jar, Map.of()))).isNotEqualTo(first);
  }

  @Test
  void noArchiveWithoutAJarOrAWritableDirectory() throws Exception {
    assertThat(options("resolver", dir.resolve("missing.jar"), Map.of()))
        .doesNotContain("SharedArchiveFile");
    Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThat(
            options(
                "resolver",
                jar("v1"),
                Map.of("MTASTS_CDS_DIR", dir.resolve("not-a-dir").toString())))
        .doesNotContain("SharedArchiveFile")
        .contains("-XX:+UseSerialGC");
  }

  @Test
  void otherCommandsGetNoDaemonOptions() throws Exception {
    assertThat(options("check", jar("v1"), Map.of())).isEmpty();
    assertThat(Files.exists(dir.resolve("cds"))).isFalse();
  }

  @Test
  void mtastsJavaOptsReplacesEverything() throws Exception {
    assertThat(options("resolver", jar("v1"), Map.of("MTASTS_JAVA_OPTS", "-Xmx1g")))
        .isEqualTo("-Xmx1g");
    assertThat(options("resolver", jar("v1"), Map.of("MTASTS_JAVA_OPTS", ""))).isEmpty();
    assertThat(List.of(SCRIPT)).allMatch(Files::isRegularFile);
  }
}
