package dev.mtasts.app.sending.collect;

import dev.mtasts.app.sending.HandshakeResult;
import dev.mtasts.app.sending.HandshakeSink;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives libtlsrpt datagrams on a UNIX datagram socket (Postfix 3.10+ {@code
 * smtp_tlsrpt_socket_name}) and hands each handshake they report to the sink. Eight platform
 * threads read; a datagram that cannot be read is kept for inspection ({@link InvalidDatagrams}),
 * counted, and the next one is read. The socket file is made writable for everyone ({@code 0666}):
 * access is decided by its directory, which must let Postfix's {@code smtp} processes (user {@code
 * postfix}) through and nobody else (docs/tlsrpt-sending.md).
 *
 * <p>The JDK has no UNIX datagram channel (only streams), and the foreign function API is a preview
 * at release 21; junixsocket provides a {@link java.nio.channels.DatagramChannel} for AF_UNIX.
 */
public final class DatagramCollector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatagramCollector.class);

  /** Larger than any datagram libtlsrpt sends (its buffer is 65000 bytes, sendto's limit less). */
  private static final int MAX_DATAGRAM = 256 * 1024;

  /** Socket receive buffer: absorbs bursts while the readers are busy. */
  private static final int RECEIVE_BUFFER = 4 * 1024 * 1024;

  /**
   * Threads waiting on the socket at once. Linux queues only {@code net.unix.max_dgram_qlen} (10 by
   * default) datagrams for a receiver, and a sender that finds the queue full drops its datagram
   * (libtlsrpt sends without blocking): while one reader counts what it got, or is not scheduled,
   * another is still receiving.
   */
  private static final int READERS = 8;

  /** Linux's per-socket datagram queue, read when the socket is created. */
  private static final Path QUEUE_LIMIT = Path.of("/proc/sys/net/unix/max_dgram_qlen");

  private static final int ADVISED_QUEUE = 512;

  private final Path socket;
  private final AFUNIXDatagramChannel channel;
  private final HandshakeSink sink;
  private final InvalidDatagrams invalid;
  private final CollectorMetrics metrics;
  private final Clock clock;
  private final java.util.List<Thread> readers;
  private volatile boolean closing;

  private DatagramCollector(
      Path socket,
      AFUNIXDatagramChannel channel,
      HandshakeSink sink,
      InvalidDatagrams invalid,
      CollectorMetrics metrics,
      Clock clock) {
    this.socket = socket;
    this.channel = channel;
    this.sink = sink;
    this.invalid = invalid;
    this.metrics = metrics;
    this.clock = clock;
    this.readers =
        java.util.stream.IntStream.range(0, READERS)
            .mapToObj(
                i ->
                    Thread.ofPlatform()
                        .name("tlsrpt-datagrams-" + i)
                        .daemon()
                        .unstarted(this::readLoop))
            .toList();
  }

  /**
   * Binds {@code socket} (a stale socket file left by an earlier run is replaced; any other file
   * there is an error) and starts reading.
   *
   * @param invalidFolder where invalid datagrams are kept, at most {@code maxInvalid} of them
   */
  public static DatagramCollector start(
      Path socket,
      HandshakeSink sink,
      Path invalidFolder,
      int maxInvalid,
      CollectorMetrics metrics,
      Clock clock)
      throws IOException {
    InvalidDatagrams invalid = new InvalidDatagrams(invalidFolder, maxInvalid, clock);
    Path absolute = socket.toAbsolutePath();
    Path parent = absolute.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      if (!isSocket(absolute)) {
        throw new IOException(absolute + " exists and is not a socket; not replacing it");
      }
      Files.delete(absolute);
    }
    AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
      channel.bind(AFUNIXSocketAddress.of(absolute));
      Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    queueWarning(readQueueLimit()).ifPresent(LOG::warn);
    DatagramCollector collector =
        new DatagramCollector(absolute, channel, sink, invalid, metrics, clock);
    collector.readers.forEach(Thread::start);
    return collector;
  }

  /**
   * The warning to log when the kernel queues too few datagrams per socket: below {@value
   * #ADVISED_QUEUE}, a reader that is not scheduled for half a millisecond makes senders drop
   * (docs/benchmarks.md); systemd and Linux 6.5+ set 512.
   */
  static Optional<String> queueWarning(OptionalInt queueLimit) {
    if (queueLimit.isEmpty() || queueLimit.getAsInt() >= ADVISED_QUEUE) {
      return Optional.empty();
    }
    return Optional.of(
        "net.unix.max_dgram_qlen is "
            + queueLimit.getAsInt()
            + ": Postfix drops TLS results (libtlsrpt EAGAIN) when more than that many wait;"
            + " raise it: echo 'net.unix.max_dgram_qlen = "
            + ADVISED_QUEUE
            + "' > /etc/sysctl.d/60-tlsrpt.conf; sysctl --system, then restart this process");
  }

  private static OptionalInt readQueueLimit() {
    try {
      return OptionalInt.of(Integer.parseInt(Files.readString(QUEUE_LIMIT).strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static boolean isSocket(Path path) throws IOException {
    Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return mode instanceof Integer m && (m & 0170000) == 0140000;
  }

  /** The socket's path. */
  public Path socket() {
    return socket;
  }

  private void readLoop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    byte[] bytes = new byte[MAX_DATAGRAM];
    while (!closing) {
      buffer.clear();
      try {
        channel.receive(buffer);
      } catch (IOException e) {
        if (!closing) {
          LOG.error("reading libtlsrpt datagrams on {} failed; collection stops: {}", socket, e);
        }
        return;
      }
      buffer.flip();
      int length = buffer.remaining();
      buffer.get(bytes, 0, length);
      handle(bytes, length);
    }
  }

  private void handle(byte[] bytes, int length) {
    try {
      if (length >= MAX_DATAGRAM) {
        refuse(bytes, length, new LibtlsrptDatagram.Invalid("TOO_LARGE", "truncated"));
        return;
      }
      switch (LibtlsrptDatagram.read(bytes, length, clock.instant())) {
        case LibtlsrptDatagram.Handshakes handshakes -> {
          for (HandshakeResult result : handshakes.results()) {
            sink.record(result);
            metrics.handshake("datagram", result.successful());
          }
          metrics.datagramCounted();
        }
        case LibtlsrptDatagram.Invalid invalidDatagram -> refuse(bytes, length, invalidDatagram);
      }
    } catch (RuntimeException e) {
      // A failing sink must not end collection; the datagram is kept to be looked at.
      LOG.warn("a libtlsrpt datagram could not be counted: {}", e.toString());
      refuse(bytes, length, new LibtlsrptDatagram.Invalid("NOT_COUNTED", e.toString()));
    }
  }

  private void refuse(byte[] bytes, int length, LibtlsrptDatagram.Invalid why) {
    metrics.datagramInvalid(why.code());
    invalid.keep(bytes, length, why.code());
    LOG.debug("invalid libtlsrpt datagram kept in {}: {} {}", invalid.folder(), why.code(), why);
  }

  /** Stops reading and removes the socket file. */
  @Override
  public void close() throws IOException {
    closing = true;
    channel.close();
    try {
      for (Thread reader : readers) {
        reader.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socket);
  }
}
