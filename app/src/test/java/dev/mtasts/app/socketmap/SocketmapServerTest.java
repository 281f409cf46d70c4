package dev.mtasts.app.socketmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketmapServerTest {

  private static final Lookup ECHO = req -> new Reply.Ok(req.name() + "=" + req.key());

  private final List<SocketmapServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(SocketmapServer::close);
  }

  private SocketmapServer tcp(Lookup lookup, Duration idle, Duration shutdown) throws IOException {
    var endpoint =
        new Endpoint.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true);
    SocketmapServer s =
        SocketmapServer.start(
            new ServerOptions(endpoint, 1024, idle, shutdown, 1024, 256),
            lookup,
            SocketmapObserver.NONE);
    servers.add(s);
    return s;
  }

  private SocketmapServer tcp(Lookup lookup, int maxConnections, int maxLookups)
      throws IOException {
    var endpoint =
        new Endpoint.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true);
    SocketmapServer s =
        SocketmapServer.start(
            new ServerOptions(
                endpoint,
                1024,
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                maxConnections,
                maxLookups),
            lookup,
            SocketmapObserver.NONE);
    servers.add(s);
    return s;
  }

  private SocketmapServer tcp(Lookup lookup) throws IOException {
    return tcp(lookup, Duration.ofMinutes(5), Duration.ofSeconds(5));
  }

  private static Socket connect(SocketmapServer s) throws IOException {
    Socket socket = new Socket();
    socket.connect(s.localAddress());
    socket.setSoTimeout(5000);
    return socket;
  }

  private static void send(Socket socket, String raw) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(raw.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads one netstring reply, byte by byte (test client only). */
  private static String readReply(InputStream in) throws IOException {
    StringBuilder len = new StringBuilder();
    int c;
    while ((c = in.read()) != ':') {
      if (c < 0) {
        return null;
      }
      len.append((char) c);
    }
    byte[] data = in.readNBytes(Integer.parseInt(len.toString()));
    assertThat(in.read()).isEqualTo(',');
    return new String(data, StandardCharsets.UTF_8);
  }

  private static String frame(String s) {
    return new String(Netstring.encode(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  // --- limits ---

  @Test
  void atTheConnectionLimitANewClientWaitsUntilOneCloses() throws IOException {
    SocketmapServer s = tcp(ECHO, 2, 256);
    try (Socket a = connect(s);
        Socket b = connect(s);
        Socket c = connect(s)) {
      for (Socket client : List.of(a, b)) {
        send(client, frame("postfix example.com"));
        assertThat(readReply(client.getInputStream())).isEqualTo("OK postfix=example.com");
      }
      send(c, frame("postfix waiting.example"));
      c.setSoTimeout(500);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> readReply(c.getInputStream()))
          .isInstanceOf(java.net.SocketTimeoutException.class);
      assertThat(s.openConnections()).isEqualTo(2);
      a.close();
      c.setSoTimeout(5000);
      assertThat(readReply(c.getInputStream())).isEqualTo("OK postfix=waiting.example");
      send(b, frame("postfix example.com"));
      assertThat(readReply(b.getInputStream())).isEqualTo("OK postfix=example.com");
    }
  }

  @Test
  void beyondTheLookupLimitARequestIsTempAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    Lookup slow =
        req -> {
          running.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new Reply.Ok(req.key());
        };
    SocketmapServer s = tcp(slow, 1024, 1);
    try (Socket a = connect(s);
        Socket b = connect(s)) {
      send(a, frame("postfix first.example"));
      await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 1);
      send(b, frame("postfix second.example"));
      assertThat(readReply(b.getInputStream())).startsWith("TEMP");
      release.countDown();
      assertThat(readReply(a.getInputStream())).isEqualTo("OK first.example");
      send(b, frame("postfix second.example"));
      assertThat(readReply(b.getInputStream())).isEqualTo("OK second.example");
    }
  }

  @Test
  void answersOneRequest() throws IOException {
    SocketmapServer s = tcp(ECHO);
    try (Socket c = connect(s)) {
      send(c, frame("postfix example.com"));
      assertThat(readReply(c.getInputStream())).isEqualTo("OK postfix=example.com");
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws IOException {
    SocketmapServer s = tcp(ECHO);
    try (Socket c = connect(s)) {
      StringBuilder batch = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        batch.append(frame("postfix d" + i + ".example"));
      }
      send(c, batch.toString());
      for (int i = 0; i < 50; i++) {
        assertThat(readReply(c.getInputStream())).isEqualTo("OK postfix=d" + i + ".example");
      }
    }
  }

  @Test
  void assemblesARequestSentOneByteAtATime() throws IOException {
    SocketmapServer s = tcp(ECHO);
    try (Socket c = connect(s)) {
      c.setTcpNoDelay(true);
      for (char ch : frame("postfix slow.example").toCharArray()) {
        send(c, String.valueOf(ch));
      }
      assertThat(readReply(c.getInputStream())).isEqualTo("OK postfix=slow.example");
    }
  }

  /**
   * A client that half-closes after its requests ({@code printf ... | nc -N}, a health check) gets
   * every reply, in order, then the end of the stream, as from the incumbent.
   */
  @Test
  void aClientThatHalfClosesAfterItsRequestsGetsEveryReply() throws IOException {
    SplitLookup lookup = new SplitLookup();
    SocketmapServer s = tcp(lookup);
    try (Socket c = connect(s)) {
      send(
          c,
          frame("postfix b1.example") + frame("postfix m.example") + frame("postfix b2.example"));
      c.shutdownOutput();
      InputStream in = c.getInputStream();
      assertThat(readReply(in)).isEqualTo("OK blocking=b1.example");
      assertThat(readReply(in)).isEqualTo("OK memory=m.example");
      assertThat(readReply(in)).isEqualTo("OK blocking=b2.example");
      assertThat(in.read()).isEqualTo(-1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> s.openConnections() == 0);
  }

  @Test
  void malformedRequestPayloadGetsPermAndConnectionStaysUsable() throws IOException {
    SocketmapServer s = tcp(ECHO);
    try (Socket c = connect(s)) {
      send(c, frame("nospace") + frame("postfix ok.example"));
      assertThat(readReply(c.getInputStream())).isEqualTo("PERM invalid request: SOCKETMAP_NO_KEY");
      assertThat(readReply(c.getInputStream())).isEqualTo("OK postfix=ok.example");
    }
  }

  @Test
  void oversizedRequestClosesTheConnectionAfterEarlierReplies() throws IOException {
    AtomicInteger violations = new AtomicInteger();
    var endpoint =
        new Endpoint.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false);
    SocketmapServer s =
        SocketmapServer.start(
            new ServerOptions(
                endpoint, 64, Duration.ofMinutes(1), Duration.ofSeconds(1), 1024, 256),
            ECHO,
            new SocketmapObserver() {
              @Override
              public void served(Reply reply, long nanos) {}

              @Override
              public void protocolViolation(String code) {
                violations.incrementAndGet();
              }
            });
    servers.add(s);
    try (Socket c = connect(s)) {
      send(c, frame("postfix a.example") + "65:");
      assertThat(readReply(c.getInputStream())).isEqualTo("OK postfix=a.example");
      assertThat(readReply(c.getInputStream())).isNull();
    }
    assertThat(violations).hasValue(1);
  }

  @Test
  void garbageClosesTheConnection() throws IOException {
    SocketmapServer s = tcp(ECHO);
    try (Socket c = connect(s)) {
      send(c, "GET / HTTP/1.1\r\n\r\n");
      assertThat(c.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void lookupExceptionBecomesTemp() throws IOException {
    SocketmapServer s =
        tcp(
            req -> {
              throw new IllegalStateException("boom");
            });
    try (Socket c = connect(s)) {
      send(c, frame("postfix x.example"));
      assertThat(readReply(c.getInputStream())).isEqualTo("TEMP internal error");
    }
  }

  // --- the event loop answers from memory, blocking lookups run beside it ---

  /** Answers keys starting with "m" from memory; the rest through a counted blocking lookup. */
  private static final class SplitLookup implements Lookup {
    final AtomicInteger blocking = new AtomicInteger();
    final AtomicInteger fromMemory = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public Reply lookup(SocketmapRequest request) {
      blocking.incrementAndGet();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Reply.Ok("blocking=" + request.key());
    }

    @Override
    public Optional<Reply> lookupFromMemory(SocketmapRequest request) {
      if (!request.key().startsWith("m")) {
        return Optional.empty();
      }
      fromMemory.incrementAndGet();
      return Optional.of(new Reply.Ok("memory=" + request.key()));
    }
  }

  @Test
  void answerFromMemoryNeedsNoBlockingLookup() throws IOException {
    SplitLookup lookup = new SplitLookup();
    SocketmapServer s = tcp(lookup);
    try (Socket c = connect(s)) {
      send(c, frame("postfix m1.example"));
      assertThat(readReply(c.getInputStream())).isEqualTo("OK memory=m1.example");
    }
    assertThat(lookup.blocking).hasValue(0);
    assertThat(lookup.fromMemory).hasValue(1);
  }

  @Test
  void pipelinedMemoryAndBlockingAnswersKeepRequestOrder() throws IOException {
    SplitLookup lookup = new SplitLookup();
    SocketmapServer s = tcp(lookup);
    List<String> keys = new ArrayList<>();
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      String key = (i % 3 == 1 ? "b" : "m") + i + ".example";
      keys.add(key);
      batch.append(frame("postfix " + key));
    }
    try (Socket c = connect(s)) {
      send(c, batch.toString());
      for (String key : keys) {
        String kind = key.startsWith("m") ? "memory=" : "blocking=";
        assertThat(readReply(c.getInputStream())).isEqualTo("OK " + kind + key);
      }
    }
    assertThat(lookup.blocking).hasValue(10);
  }

  @Test
  void aBlockedLookupHoldsUpOnlyItsOwnConnection() throws Exception {
    SplitLookup lookup = new SplitLookup();
    lookup.gate = new CountDownLatch(1);
    SocketmapServer s = tcp(lookup);
    try (Socket stuck = connect(s);
        Socket other = connect(s)) {
      send(stuck, frame("postfix b.example") + frame("postfix m-behind.example"));
      await().atMost(Duration.ofSeconds(5)).until(() -> lookup.blocking.get() == 1);
      send(other, frame("postfix m.example") + frame("postfix b2.example"));
      assertThat(readReply(other.getInputStream())).isEqualTo("OK memory=m.example");
      // The request behind the blocked one waits for it: replies stay in order.
      assertThat(lookup.fromMemory).hasValue(1);
      lookup.gate.countDown();
      assertThat(readReply(other.getInputStream())).isEqualTo("OK blocking=b2.example");
      assertThat(readReply(stuck.getInputStream())).isEqualTo("OK blocking=b.example");
      assertThat(readReply(stuck.getInputStream())).isEqualTo("OK memory=m-behind.example");
    }
  }

  @Test
  void exceptionFromTheMemoryLookupBecomesTemp() throws IOException {
    SocketmapServer s =
        tcp(
            new Lookup() {
              @Override
              public Reply lookup(SocketmapRequest request) {
                return new Reply.Ok("not reached");
              }

              @Override
              public Optional<Reply> lookupFromMemory(SocketmapRequest request) {
                throw new IllegalStateException("boom");
              }
            });
    try (Socket c = connect(s)) {
      send(c, frame("postfix x.example") + frame("postfix y.example"));
      assertThat(readReply(c.getInputStream())).isEqualTo("TEMP internal error");
      assertThat(readReply(c.getInputStream())).isEqualTo("TEMP internal error");
    }
  }

  @Test
  void aClientThatNeverReadsItsRepliesDoesNotStallTheOthers() throws Exception {
    SplitLookup lookup = new SplitLookup();
    SocketmapServer s = tcp(lookup);
    try (Socket hog = connect(s);
        Socket other = connect(s)) {
      byte[] request = frame("postfix m.example").getBytes(StandardCharsets.UTF_8);
      Thread writer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      OutputStream out = hog.getOutputStream();
                      for (int i = 0; i < 2_000_000; i++) {
                        out.write(request);
                      }
                    } catch (IOException e) {
                      // Closed by the test once it is done.
                    }
                  });
      // Until both directions' buffers are full, then the server stops reading from the hog.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                int before = lookup.fromMemory.get();
                Thread.sleep(200);
                return before > 0 && lookup.fromMemory.get() == before;
              });
      send(other, frame("postfix m-other.example"));
      assertThat(readReply(other.getInputStream())).isEqualTo("OK memory=m-other.example");
      assertThat(lookup.fromMemory.get()).isLessThan(2_000_000);
      hog.close();
      writer.join(5000);
    }
  }

  @Test
  void anUnexpectedErrorClosesOnlyItsConnection() throws IOException {
    var endpoint =
        new Endpoint.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false);
    SocketmapServer s =
        SocketmapServer.start(
            new ServerOptions(
                endpoint, 1024, Duration.ofMinutes(1), Duration.ofSeconds(1), 1024, 256),
            ECHO,
            new SocketmapObserver() {
              @Override
              public void served(Reply reply, long nanos) {
                if (reply.toString().contains("bug.example")) {
                  throw new IllegalStateException("a bug in an observer");
                }
              }

              @Override
              public void protocolViolation(String code) {}
            });
    servers.add(s);
    try (Socket buggy = connect(s);
        Socket fine = connect(s)) {
      send(buggy, frame("postfix bug.example"));
      assertThat(readReplyOrEof(buggy)).isNull();
      send(fine, frame("postfix fine.example"));
      assertThat(readReply(fine.getInputStream())).isEqualTo("OK postfix=fine.example");
    }
  }

  @Test
  void manyConnectionsAreServedAndCountedUntilTheyClose() throws Exception {
    SocketmapServer s = tcp(new SplitLookup());
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket c = connect(s);
        sockets.add(c);
        send(c, frame("postfix m" + i + ".example"));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(readReply(sockets.get(i).getInputStream()))
            .isEqualTo("OK memory=m" + i + ".example");
      }
      assertThat(s.openConnections()).isEqualTo(50);
    } finally {
      for (Socket c : sockets) {
        c.close();
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> s.openConnections() == 0);
  }

  @Test
  void idleConnectionIsClosed() throws IOException {
    SocketmapServer s = tcp(ECHO, Duration.ofMillis(200), Duration.ofSeconds(1));
    try (Socket c = connect(s)) {
      send(c, frame("postfix a.example"));
      assertThat(readReply(c.getInputStream())).isEqualTo("OK postfix=a.example");
      long start = System.nanoTime();
      assertThat(c.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  /** A reply of about 90 kB, as a policy with many {@code mx} lines and TLSRPT attributes gives. */
  private static final class LargeReplies implements Lookup {
    final Reply large = new Reply.Ok("x".repeat(90_000));
    final AtomicInteger served = new AtomicInteger();

    @Override
    public Reply lookup(SocketmapRequest request) {
      throw new AssertionError("answered from memory");
    }

    @Override
    public Optional<Reply> lookupFromMemory(SocketmapRequest request) {
      served.incrementAndGet();
      return Optional.of(large);
    }
  }

  private SocketmapServer withDefaultRequestLimit(Lookup lookup, Duration idle) throws IOException {
    var endpoint =
        new Endpoint.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true);
    SocketmapServer s =
        SocketmapServer.start(
            new ServerOptions(
                endpoint,
                Netstring.DEFAULT_MAX_REQUEST,
                idle,
                Duration.ofSeconds(1),
                ServerOptions.DEFAULT_MAX_CONNECTIONS,
                ServerOptions.DEFAULT_MAX_LOOKUPS),
            lookup,
            SocketmapObserver.NONE);
    servers.add(s);
    return s;
  }

  /** One write of pipelined requests, as many as the default request limit lets the server read. */
  private static String pipelined(int count) {
    StringBuilder requests = new StringBuilder();
    for (int i = 0; i < count; i++) {
      requests.append(frame("postfix big.example"));
    }
    return requests.toString();
  }

  /**
   * A client that pipelines requests without reading the replies gets no more replies built than
   * its socket takes and about 64 kB more (before, every buffered request was answered at once: 400
   * requests of 23 bytes made 36 MB of replies, and a dozen such clients exhausted the direct
   * memory of a daemon with -Xmx256m, which then exits). It gets every reply, in order, once it
   * reads.
   */
  @Test
  void pipelinedRequestsWithoutReadingBuildRepliesOnlyAsTheClientTakesThem() throws Exception {
    LargeReplies lookup = new LargeReplies();
    SocketmapServer s = withDefaultRequestLimit(lookup, Duration.ofMinutes(5));
    int count = 400;
    try (Socket c = connect(s)) {
      send(c, pipelined(count));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                int before = lookup.served.get();
                Thread.sleep(300);
                return before > 0 && lookup.served.get() == before;
              });
      assertThat(lookup.served.get()).isLessThan(count / 2);
      InputStream in = c.getInputStream();
      for (int i = 0; i < count; i++) {
        assertThat(readReply(in)).isEqualTo(lookup.large.text());
      }
    }
    assertThat(lookup.served.get()).isEqualTo(count);
  }

  /**
   * A client that half-closes and then reads more slowly than the replies come gets them all
   * (before, the end of its input closed the connection, and the replies the socket had not yet
   * taken were lost).
   */
  @Test
  void aClientThatHalfClosesGetsTheRepliesItHasNotTakenYet() throws Exception {
    LargeReplies lookup = new LargeReplies();
    SocketmapServer s = withDefaultRequestLimit(lookup, Duration.ofMinutes(5));
    int count = 100;
    try (Socket c = connect(s)) {
      send(c, pipelined(count));
      c.shutdownOutput();
      Thread.sleep(300);
      InputStream in = c.getInputStream();
      for (int i = 0; i < count; i++) {
        assertThat(readReply(in)).as("reply %d", i).isEqualTo(lookup.large.text());
      }
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  /** A client that takes none of its replies for the idle timeout is closed like an idle one. */
  @Test
  void aClientThatReadsNoRepliesIsClosedAfterTheIdleTimeout() throws Exception {
    LargeReplies lookup = new LargeReplies();
    SocketmapServer s = withDefaultRequestLimit(lookup, Duration.ofMillis(300));
    try (Socket c = connect(s)) {
      send(c, pipelined(400));
      await().atMost(Duration.ofSeconds(5)).until(() -> s.openConnections() == 0);
    }
  }

  /**
   * Slowloris: a client trickling one byte of a request that never completes, each well within the
   * idle timeout, is closed like an idle one; bytes are no request.
   */
  @Test
  void aRequestTrickledByteByByteForeverIsClosedAsIdle() throws Exception {
    SocketmapServer s = tcp(ECHO, Duration.ofMillis(300), Duration.ofSeconds(1));
    try (Socket c = connect(s)) {
      send(c, "900:postfix ");
      Thread trickle =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 80; i++) {
                        Thread.sleep(100);
                        send(c, "a");
                      }
                    } catch (IOException | InterruptedException closedByServer) {
                      // The server closed the connection: what the test waits for.
                    }
                  });
      long start = System.nanoTime();
      assertClosedByServer(c);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      trickle.interrupt();
    }
  }

  /** Requests that keep coming, each within the idle timeout, keep a connection open. */
  @Test
  void requestsWithinTheIdleTimeoutKeepTheConnectionOpen() throws Exception {
    SocketmapServer s = tcp(ECHO, Duration.ofMillis(500), Duration.ofSeconds(1));
    try (Socket c = connect(s)) {
      for (int i = 0; i < 8; i++) {
        Thread.sleep(150);
        send(c, frame("postfix a" + i + ".example"));
        assertThat(readReply(c.getInputStream())).isEqualTo("OK postfix=a" + i + ".example");
      }
    }
  }

  @Test
  void shutdownFinishesInFlightRequestThenCloses() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SocketmapServer s =
        tcp(
            req -> {
              entered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new Reply.Ok("late");
            },
            Duration.ofMinutes(1),
            Duration.ofSeconds(5));
    try (Socket busy = connect(s);
        Socket idle = connect(s)) {
      send(busy, frame("postfix a.example"));
      entered.await();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
      assertClosedByServer(idle);
      try (Socket refused = new Socket()) {
        await()
            .atMost(Duration.ofSeconds(2))
            .until(
                () -> {
                  try (Socket probe = new Socket()) {
                    probe.connect(s.localAddress(), 200);
                    return false;
                  } catch (IOException e) {
                    return true;
                  }
                });
      }
      release.countDown();
      assertThat(readReply(busy.getInputStream())).isEqualTo("OK late");
      assertThat(busy.getInputStream().read()).isEqualTo(-1);
      closing.get();
    }
  }

  @Test
  void shutdownTimeoutCutsAStuckRequest() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    SocketmapServer s =
        tcp(
            req -> {
              entered.countDown();
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new Reply.Ok("late");
            },
            Duration.ofMinutes(1),
            Duration.ofMillis(200));
    try (Socket c = connect(s)) {
      send(c, frame("postfix a.example"));
      entered.await();
      long start = System.nanoTime();
      s.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(readReplyOrEof(c)).isNull();
    } finally {
      never.countDown();
    }
  }

  private static String readReplyOrEof(Socket c) {
    try {
      return readReply(c.getInputStream());
    } catch (IOException e) {
      return null;
    }
  }

  @Test
  void servesOnUnixSocketWithMode(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("mta-sts.sock");
    SocketmapServer s =
        SocketmapServer.start(
            new ServerOptions(
                new Endpoint.Unix(path, OptionalInt.of(0660), Optional.empty()),
                1024,
                Duration.ofMinutes(1),
                Duration.ofSeconds(1),
                1024,
                256),
            ECHO,
            SocketmapObserver.NONE);
    servers.add(s);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-rw----");
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(path));
      ch.write(
          ByteBuffer.wrap(Netstring.encode("postfix u.example".getBytes(StandardCharsets.UTF_8))));
      ByteBuffer reply = ByteBuffer.allocate(100);
      while (reply.position() < "20:OK postfix=u.example,".length()) {
        ch.read(reply);
      }
      assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8))
          .isEqualTo("20:OK postfix=u.example,");
    }
    s.close();
    assertThat(path).doesNotExist();
  }

  @Test
  void refusesToReplaceARegularFileWithTheSocket(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("not-a-socket");
    Files.writeString(path, "keep me");
    var options =
        new ServerOptions(
            new Endpoint.Unix(path, OptionalInt.empty(), Optional.empty()),
            1024,
            Duration.ofMinutes(1),
            Duration.ofSeconds(1),
            1024,
            256);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SocketmapServer.start(options, ECHO, SocketmapObserver.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a socket");
    assertThat(Files.readString(path)).isEqualTo("keep me");
  }

  private static ServerOptions unixOptions(Path path) {
    return new ServerOptions(
        new Endpoint.Unix(path, OptionalInt.empty(), Optional.empty()),
        1024,
        Duration.ofMinutes(1),
        Duration.ofSeconds(1),
        1024,
        256);
  }

  /**
   * A FIFO, like a device, is no socket: it is left alone (before, anything but a file, a directory
   * or a symbolic link was deleted, /dev/null included for a daemon run as root).
   */
  @Test
  void refusesToReplaceAFifoWithTheSocket(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("a-fifo");
    assertThat(new ProcessBuilder("mkfifo", path.toString()).start().waitFor()).isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                servers.add(SocketmapServer.start(unixOptions(path), ECHO, SocketmapObserver.NONE)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a socket");
    assertThat(
            Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).isOther())
        .isTrue();
  }

  /** The socket of a previous run that nobody listens on any more is replaced. */
  @Test
  void replacesAStaleSocket(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("mta-sts.sock");
    try (var previous = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      previous.bind(UnixDomainSocketAddress.of(path));
    }
    assertThat(path).exists();
    SocketmapServer s = SocketmapServer.start(unixOptions(path), ECHO, SocketmapObserver.NONE);
    servers.add(s);
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      assertThat(ch.isConnected()).isTrue();
    }
  }

  /**
   * A second daemon started on the path of a running one refuses to start, and the running one
   * keeps its socket (before, the second deleted it: Postfix reached only the second, and once that
   * stopped and removed its socket, neither).
   */
  @Test
  void refusesToTakeTheSocketOfARunningServer(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("mta-sts.sock");
    SocketmapServer running =
        SocketmapServer.start(unixOptions(path), ECHO, SocketmapObserver.NONE);
    servers.add(running);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                servers.add(SocketmapServer.start(unixOptions(path), ECHO, SocketmapObserver.NONE)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("listens on it");
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      ch.write(
          ByteBuffer.wrap(Netstring.encode("postfix u.example".getBytes(StandardCharsets.UTF_8))));
      ByteBuffer reply = ByteBuffer.allocate(100);
      while (reply.position() < "20:OK postfix=u.example,".length()) {
        ch.read(reply);
      }
      assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8))
          .isEqualTo("20:OK postfix=u.example,");
    }
  }

  @Test
  void modeBitsMapToPermissions() {
    assertThat(PosixFilePermissions.toString(SocketmapServer.permissions(0666)))
        .isEqualTo("rw-rw-rw-");
    assertThat(PosixFilePermissions.toString(SocketmapServer.permissions(0750)))
        .isEqualTo("rwxr-x---");
  }

  /**
   * The server closed this connection: end of stream once accepted, or a reset when the listener
   * closed while the connection still waited in its accept queue (a race on a loaded machine).
   */
  private static void assertClosedByServer(Socket socket) throws IOException {
    try {
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    } catch (java.net.SocketException reset) {
      assertThat(reset).hasMessageContaining("reset");
    }
  }
}
