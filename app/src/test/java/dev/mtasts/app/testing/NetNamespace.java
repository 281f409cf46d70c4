package dev.mtasts.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace of the test's own, with only a loopback interface: processes started in
 * it see their own 127.0.0.0/8 and an {@code /etc/resolv.conf} pointing at 127.0.0.1, so a real
 * Postfix resolves through the lab's DNS server without touching the machine's configuration. Needs
 * root and {@code ip} (iproute2).
 */
public final class NetNamespace implements AutoCloseable {
  private final String name;
  private final Path etcDir;

  private NetNamespace(String name) {
    this.name = name;
    this.etcDir = Path.of("/etc/netns", name);
  }

  /** True when this process may create namespaces (root, with {@code ip} installed). */
  public static boolean available() {
    if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(ipBinary())) {
      return false;
    }
    return true;
  }

  private static Path ipBinary() {
    Path sbin = Path.of("/usr/sbin/ip");
    return Files.isExecutable(sbin) ? sbin : Path.of("/sbin/ip");
  }

  /** Creates the namespace, brings its loopback up and gives it a resolv.conf of 127.0.0.1. */
  public static NetNamespace create() throws IOException, InterruptedException {
    String name = "mtasts-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    NetNamespace ns = new NetNamespace(name);
    run(List.of(ipBinary().toString(), "netns", "add", name));
    try {
      Files.createDirectories(ns.etcDir);
      Files.writeString(ns.etcDir.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
      Files.writeString(ns.etcDir.resolve("hosts"), "127.0.0.1 localhost\n");
      run(ns.command("ip", "link", "set", "lo", "up"));
    } catch (IOException | RuntimeException e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  public String name() {
    return name;
  }

  /** The command line that runs {@code argv} inside this namespace. */
  public List<String> command(String... argv) {
    List<String> cmd = new ArrayList<>(List.of(ipBinary().toString(), "netns", "exec", name));
    cmd.addAll(List.of(argv));
    return cmd;
  }

  /**
   * Gives processes in this namespace their own copy of {@code /etc/ENTRY} (a file or a directory,
   * symbolic links kept as links): {@code ip netns exec} bind-mounts every entry of {@code
   * /etc/netns/NAME} over {@code /etc}. Returns the copy, for the caller to change (e.g. append a
   * test CA to {@code ssl/certs/ca-certificates.crt}); it is removed on {@link #close}.
   */
  public Path overlayEtc(String entry) throws IOException {
    Path source = Path.of("/etc").resolve(entry);
    Path target = etcDir.resolve(entry);
    try (var paths = Files.walk(source)) {
      for (Path from : paths.toList()) {
        Files.copy(
            from,
            target.resolve(source.relativize(from).toString()),
            LinkOption.NOFOLLOW_LINKS,
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return target;
  }

  /** Waits until something accepts connections on 127.0.0.1:{@code port} inside the namespace. */
  public void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Process probe =
          new ProcessBuilder(command("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port))
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      if (probe.waitFor() == 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IOException("nothing listens on port " + port + " in namespace " + name);
  }

  /** Runs a command to completion inside the namespace; fails with its output on non-zero exit. */
  public String exec(String... argv) throws IOException, InterruptedException {
    return run(command(argv));
  }

  static String run(List<String> cmd) throws IOException, InterruptedException {
    Path out = Files.createTempFile("mtasts-cmd", ".out");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + cmd);
      }
      String text = Files.readString(out);
      if (p.exitValue() != 0) {
        throw new IOException(cmd + " exited " + p.exitValue() + ": " + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run(List.of(ipBinary().toString(), "netns", "delete", name));
    } finally {
      if (Files.exists(etcDir, LinkOption.NOFOLLOW_LINKS)) {
        try (var paths = Files.walk(etcDir)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }
}
