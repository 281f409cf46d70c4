package dev.mtasts.app.socketmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} while serving ends the process with {@link ProcessExit#STATUS}, so that systemd
 * restarts it, instead of leaving a dead listener in a live JVM. Each case runs a real server in a
 * JVM of its own ({@link Main}) with the production exit path and a {@link Lookup} (the seam the
 * daemon's policy lookup plugs into) that throws the error, the way direct buffer memory runs out.
 */
class FatalErrorExitTest {

  @Test
  void anErrorOnTheEventLoopEndsTheProcess() throws Exception {
    Finished run = runAndAsk("loop");
    assertThat(run.status()).isEqualTo(ProcessExit.STATUS);
    assertThat(run.output()).contains("socketmap server loop", "Direct buffer memory");
  }

  @Test
  void anErrorInABlockingLookupEndsTheProcess() throws Exception {
    Finished run = runAndAsk("lookup");
    assertThat(run.status()).isEqualTo(ProcessExit.STATUS);
    assertThat(run.output()).contains("socketmap lookup", "Direct buffer memory");
  }

  @Test
  void anErrorOnAnyOtherThreadEndsTheProcess() throws Exception {
    Finished run = runAndAsk("thread");
    assertThat(run.status()).isEqualTo(ProcessExit.STATUS);
    assertThat(run.output()).contains("thread refresher failed", "Direct buffer memory");
  }

  @Test
  void aRuntimeExceptionInALookupIsTempAndTheServerLivesOn() throws Exception {
    Process process = start("exception");
    try {
      int port = port(process);
      for (int i = 0; i < 2; i++) {
        assertThat(ask(port)).startsWith("TEMP");
      }
      assertThat(process.isAlive()).isTrue();
    } finally {
      process.destroyForcibly().waitFor();
    }
  }

  private record Finished(int status, String output) {}

  private static Finished runAndAsk(String mode) throws Exception {
    Process process = start(mode);
    try {
      int port = port(process);
      try {
        ask(port);
      } catch (IOException e) {
        // The process may die before it answers.
      }
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the process ended").isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Finished(process.exitValue(), output);
    } finally {
      process.destroyForcibly().waitFor();
    }
  }

  private static Process start(String mode) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), mode))
        .redirectErrorStream(true)
        .start();
  }

  /** The first line the child prints is its port. */
  private static int port(Process process) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = lines.readLine();
    assertThat(line).as("the child's port").isNotNull().matches("\\d+");
    return Integer.parseInt(line);
  }

  private static String ask(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(Netstring.encode("postfix example.com".getBytes(StandardCharsets.UTF_8)));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder length = new StringBuilder();
      for (int c = in.read(); c != ':'; c = in.read()) {
        if (c < 0) {
          throw new IOException("closed without a reply");
        }
        length.append((char) c);
      }
      return new String(in.readNBytes(Integer.parseInt(length.toString())), StandardCharsets.UTF_8);
    }
  }

  /** The child: a socketmap server whose lookup fails as {@code args[0]} says. */
  public static final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
      ProcessExit.onUncaughtErrors();
      Error outOfMemory = new OutOfMemoryError("Direct buffer memory");
      Lookup lookup =
          switch (args[0]) {
            case "loop" ->
                new Lookup() {
                  @Override
                  public Reply lookup(SocketmapRequest request) {
                    return Reply.NOT_FOUND;
                  }

                  @Override
                  public Optional<Reply> lookupFromMemory(SocketmapRequest request) {
                    throw outOfMemory;
                  }
                };
            case "lookup" ->
                request -> {
                  throw outOfMemory;
                };
            case "thread" ->
                request -> {
                  Thread.ofPlatform()
                      .name("refresher")
                      .start(
                          () -> {
                            throw outOfMemory;
                          });
                  return Reply.NOT_FOUND;
                };
            default ->
                request -> {
                  throw new IllegalStateException("a bug");
                };
          };
      SocketmapServer server =
          SocketmapServer.start(
              new ServerOptions(
                  new Endpoint.Tcp(
                      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false),
                  1024,
                  Duration.ofMinutes(1),
                  Duration.ofSeconds(1),
                  ServerOptions.DEFAULT_MAX_CONNECTIONS,
                  ServerOptions.DEFAULT_MAX_LOOKUPS),
              lookup,
              SocketmapObserver.NONE);
      System.out.println(((InetSocketAddress) server.localAddress()).getPort());
      System.out.flush();
      new CountDownLatch(1).await();
    }
  }
}
