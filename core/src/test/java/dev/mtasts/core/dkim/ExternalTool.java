package dev.mtasts.core.dkim;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Independent DKIM implementations run as programs: OpenDKIM (Debian {@code opendkim}, {@code
 * opendkim-tools}) and dkimpy (Debian {@code python3-dkim}, {@code python3-nacl}). Tests skip when
 * one is missing, unless {@code MTASTS_REQUIRE_SERVICES=1} (CI, which installs them).
 */
final class ExternalTool {

  /** What a run printed (standard output byte for byte, as ISO-8859-1) and how it ended. */
  record Output(int exit, String stdout, String stderr) {
    byte[] bytes() {
      return stdout.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  static final String PYTHON = "/usr/bin/python3";

  private ExternalTool() {}

  /** Skips (or fails in CI) unless {@code probe} runs and exits 0. */
  static void assumeWorks(String what, String packages, List<String> probe) {
    boolean works;
    try {
      works = run(probe, new byte[0]).exit() == 0;
    } catch (UncheckedIOException e) {
      works = false;
    }
    if (!works && "1".equals(System.getenv("MTASTS_REQUIRE_SERVICES"))) {
      fail(
          what
              + " is required (MTASTS_REQUIRE_SERVICES=1) but missing: apt-get install "
              + packages);
    }
    assumeTrue(works, what + " is not installed (Debian: " + packages + ")");
  }

  static Output run(List<String> command, byte[] stdin) {
    try {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<byte[]> out =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command.getFirst() + " did not finish in 60 s");
      }
      return new Output(
          process.exitValue(),
          new String(out.join(), StandardCharsets.ISO_8859_1),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readAll(java.io.InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
