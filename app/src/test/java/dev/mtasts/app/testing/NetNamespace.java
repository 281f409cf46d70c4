package dev.mtasts.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
      try (var files = Files.list(etcDir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      } catch (IOException ignored) {
        // the directory may never have been created
      }
      Files.deleteIfExists(etcDir);
    }
  }
}
