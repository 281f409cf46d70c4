package dev.mtasts.app.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built {@code mtasts.jar} (failsafe passes its path as the system property {@code
 * mtasts.jar}), run as separate processes inside a {@link NetNamespace}, as an operator runs it.
 */
public final class MtastsJar {
  private final String jar;
  private final String java;

  private MtastsJar(String jar) {
    this.jar = jar;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The jar, or a skipped test (failed when services are required) when it was not built. */
  public static MtastsJar assumeBuilt() {
    String jar = System.getProperty("mtasts.jar");
    RequiredService.assume(jar != null && Files.exists(Path.of(jar)), "the built mtasts.jar");
    return new MtastsJar(jar);
  }

  /** {@code java -jar mtasts.jar ARGS...} inside {@code ns}. */
  public List<String> command(NetNamespace ns, String... args) {
    List<String> argv = new ArrayList<>(List.of(java, "-jar", jar));
    argv.addAll(List.of(args));
    return ns.command(argv.toArray(String[]::new));
  }

  /** {@code java -jar mtasts.jar ARGS...} in this machine's network (loopback listeners only). */
  public List<String> command(String... args) {
    List<String> argv = new ArrayList<>(List.of(java, "-jar", jar));
    argv.addAll(List.of(args));
    return argv;
  }

  /** A lab started with {@code lab --json}; its first output line says how to reach it. */
  public record RunningLab(Process process, Path caFile, List<String> domains) {}

  /**
   * Starts the lab in {@code ns} on the standard ports (DNS 53, HTTPS 443, SMTP 25), so that
   * Postfix and other daemons in the namespace find it as they would find the internet, and waits
   * for its JSON line. Its standard error goes to {@code dir/lab.err}.
   */
  public RunningLab startLab(NetNamespace ns, Path dir) throws IOException {
    Files.createDirectories(dir);
    Process lab =
        new ProcessBuilder(
                command(
                    ns,
                    "lab",
                    "--dns-port",
                    "53",
                    "--https-port",
                    "443",
                    "--smtp-port",
                    "25",
                    "--json",
                    "--dir",
                    dir.resolve("lab").toString()))
            .redirectError(dir.resolve("lab.err").toFile())
            .start();
    String first =
        new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    if (first == null) {
      lab.destroy();
      throw new IOException("the lab printed nothing; see " + dir.resolve("lab.err"));
    }
    Map<?, ?> info = JsonMapper.builder().build().readValue(first, Map.class);
    List<String> domains =
        ((List<?>) info.get("domains")).stream().map(String.class::cast).toList();
    return new RunningLab(lab, Path.of((String) info.get("caFile")), domains);
  }
}
