package dev.mtasts.app.hosting;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The real curl against the policy listener, resolving policy host names to loopback. */
final class Curl {

  /**
   * What curl did.
   *
   * @param exit curl's exit status (0: a response was read; 35: handshake failed; ...)
   * @param head the response head(s) ({@code -D -}), lower-cased header names kept as sent
   * @param body the response body
   * @param log curl's {@code -v} transcript (handshake, certificate)
   */
  record Result(int exit, String head, String body, String log) {
    int status() {
      String[] lines = head.split("\r\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (lines[i].startsWith("HTTP/")) {
          return Integer.parseInt(lines[i].split(" ")[1]);
        }
      }
      return -1;
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0
            && line.substring(0, colon)
                .strip()
                .toLowerCase(Locale.ROOT)
                .equals(name.toLowerCase(Locale.ROOT))) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }
  }

  static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/curl"));
  }

  private final Path caFile;
  private final InetSocketAddress listener;
  private final Path work;

  Curl(Path caFile, InetSocketAddress listener, Path work) {
    this.caFile = caFile;
    this.listener = listener;
    this.work = work;
  }

  /** {@code https://HOST:PORT PATH} with HOST resolved to the listener. */
  Result https(String host, String path, String... options)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    args.add("--resolve");
    args.add(host + ":" + listener.getPort() + ":127.0.0.1");
    args.add("--cacert");
    args.add(caFile.toString());
    args.addAll(List.of(options));
    args.add("https://" + host + ":" + listener.getPort() + path);
    return run(args);
  }

  /** Any URL, with the given options. */
  Result run(List<String> arguments) throws IOException, InterruptedException {
    Path head = Files.createTempFile(work, "head", ".txt");
    Path body = Files.createTempFile(work, "body", ".txt");
    List<String> command =
        new ArrayList<>(List.of("/usr/bin/curl", "-sS", "-v", "--max-time", "10"));
    command.addAll(List.of("-D", head.toString(), "-o", body.toString()));
    command.addAll(arguments);
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String log = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("curl did not finish");
    }
    return new Result(
        p.exitValue(),
        Files.readString(head, StandardCharsets.ISO_8859_1),
        Files.readString(body, StandardCharsets.UTF_8),
        log);
  }
}
