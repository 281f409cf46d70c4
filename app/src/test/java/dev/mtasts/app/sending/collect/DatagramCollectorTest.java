package dev.mtasts.app.sending.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.app.sending.HandshakeSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The collector on a real UNIX datagram socket, fed as libtlsrpt feeds it. */
class DatagramCollectorTest {

  @TempDir Path dir;

  private final MemorySink sink = new MemorySink();
  private final MicrometerCollectorMetrics metrics =
      new MicrometerCollectorMetrics(new SimpleMeterRegistry());

  private DatagramCollector start(HandshakeSink to, int maxInvalid) throws IOException {
    return DatagramCollector.start(
        dir.resolve("run/tlsrpt.sock"),
        to,
        dir.resolve("invalid"),
        maxInvalid,
        metrics,
        Clock.systemUTC());
  }

  private static void send(Path socket, byte[] datagram) throws IOException {
    try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
      channel.send(ByteBuffer.wrap(datagram), AFUNIXSocketAddress.of(socket));
    }
  }

  private static void send(Path socket, String datagram) throws IOException {
    send(socket, datagram.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private long keptFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("invalid"))) {
      return files.count();
    }
  }

  @Test
  void aSmallKernelQueueIsWarnedAboutWithTheFix() {
    assertThat(DatagramCollector.queueWarning(OptionalInt.of(10)))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("max_dgram_qlen is 10")
                    .contains("= 512")
                    .contains("EAGAIN"));
    assertThat(DatagramCollector.queueWarning(OptionalInt.of(511))).isPresent();
    assertThat(DatagramCollector.queueWarning(OptionalInt.of(512))).isEmpty();
    assertThat(DatagramCollector.queueWarning(OptionalInt.of(4096))).isEmpty();
    // Not Linux, or /proc not mounted: nothing to say.
    assertThat(DatagramCollector.queueWarning(OptionalInt.empty())).isEmpty();
  }

  @Test
  void datagramsAsPostfixSendsThemReachTheSink() throws IOException {
    try (DatagramCollector collector = start(sink, 10)) {
      send(collector.socket(), LibtlsrptDatagramTest.fixture("sts-success.json"));
      send(collector.socket(), LibtlsrptDatagramTest.fixture("sts-host-mismatch.json"));
      send(collector.socket(), LibtlsrptDatagramTest.fixture("no-policy-success.json"));

      await().atMost(Duration.ofSeconds(5)).until(() -> sink.results().size() == 3);
      assertThat(sink.successes()).isEqualTo(2);
      assertThat(sink.failures()).isEqualTo(1);
      assertThat(metrics.datagramsCounted()).isEqualTo(3);
      assertThat(metrics.datagramsInvalid()).isZero();
    }
  }

  @Test
  void anInvalidDatagramIsKeptCountedAndTheNextOneIsStillRead() throws IOException {
    try (DatagramCollector collector = start(sink, 10)) {
      send(collector.socket(), "{\"d\":\"example.com\"");
      send(collector.socket(), new byte[] {(byte) 0xff, 0, 1});
      send(collector.socket(), LibtlsrptDatagramTest.fixture("sts-success.json"));

      await().atMost(Duration.ofSeconds(5)).until(() -> sink.results().size() == 1);
      assertThat(metrics.datagramsInvalid()).isEqualTo(2);
      assertThat(keptFiles()).isEqualTo(2);
      try (Stream<Path> files = Files.list(dir.resolve("invalid"))) {
        // Several readers: the two may be kept in either order.
        assertThat(files.map(DatagramCollectorTest::text))
            .containsExactlyInAnyOrder("{\"d\":\"example.com\"", "\uFFFD\u0000\u0001");
      }
    }
  }

  @Test
  void theInvalidFolderKeepsOnlyTheNewest() throws IOException {
    try (DatagramCollector collector = start(sink, 3)) {
      for (int i = 0; i < 7; i++) {
        send(collector.socket(), "not json " + i);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> metrics.datagramsInvalid() == 7);
      assertThat(keptFiles()).isEqualTo(3);
      try (Stream<Path> files = Files.list(dir.resolve("invalid"))) {
        assertThat(files.map(DatagramCollectorTest::text).toList())
            .hasSize(3)
            .allMatch(t -> t.startsWith("not json "))
            .doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void aFailingSinkDoesNotStopCollection() throws IOException {
    HandshakeSink flaky =
        new HandshakeSink() {
          private boolean failed;

          @Override
          public synchronized void record(HandshakeResult result) {
            if (!failed) {
              failed = true;
              throw new IllegalStateException("store unavailable");
            }
            sink.record(result);
          }
        };
    try (DatagramCollector collector = start(flaky, 10)) {
      send(collector.socket(), LibtlsrptDatagramTest.fixture("sts-success.json"));
      send(collector.socket(), LibtlsrptDatagramTest.fixture("no-policy-success.json"));

      await().atMost(Duration.ofSeconds(5)).until(() -> sink.results().size() == 1);
      assertThat(metrics.datagramsInvalid()).isEqualTo(1);
      assertThat(keptFiles()).isEqualTo(1);
    }
  }

  @Test
  void theSocketIsWritableByPostfixAndRemovedAtClose() throws IOException {
    Path socket;
    try (DatagramCollector collector = start(sink, 10)) {
      socket = collector.socket();
      assertThat(Files.getPosixFilePermissions(socket))
          .contains(PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_WRITE);
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void aStaleSocketFromAnEarlierRunIsReplaced() throws IOException {
    try (DatagramCollector first = start(sink, 10)) {
      // A crash leaves the socket file behind: simulate by binding a second time over it.
      try (DatagramCollector second = start(sink, 10)) {
        send(second.socket(), LibtlsrptDatagramTest.fixture("sts-success.json"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.results().size() == 1);
      }
    }
  }

  @Test
  void aRegularFileAtTheSocketPathIsNotReplaced() throws IOException {
    Path socket = dir.resolve("run/tlsrpt.sock");
    Files.createDirectories(socket.getParent());
    Files.writeString(socket, "keep me");

    assertThatThrownBy(() -> start(sink, 10))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not a socket");
    assertThat(Files.readString(socket)).isEqualTo("keep me");
  }
}
