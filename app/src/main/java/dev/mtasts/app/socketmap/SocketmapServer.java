package dev.mtasts.app.socketmap;

import dev.mtasts.core.ParseResult;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socketmap server: one virtual thread per connection, requests answered in order, graceful
 * shutdown. Start with {@link #start}, stop with {@link #close}.
 */
public final class SocketmapServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SocketmapServer.class);

  private final ServerOptions options;
  private final Lookup lookup;
  private final SocketmapObserver observer;
  private final ServerSocketChannel listener;
  private final SocketAddress localAddress;
  private final Set<SocketmapConnection> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final ScheduledExecutorService reaper;
  private volatile boolean stopping;

  private SocketmapServer(
      ServerOptions options, Lookup lookup, SocketmapObserver observer, ServerSocketChannel ch)
      throws IOException {
    this.options = options;
    this.lookup = lookup;
    this.observer = observer;
    this.listener = ch;
    this.localAddress = ch.getLocalAddress();
    this.acceptor = Thread.ofVirtual().name("socketmap-accept").unstarted(this::acceptLoop);
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("socketmap-idle").daemon().factory());
  }

  /** Binds the endpoint and starts accepting. */
  public static SocketmapServer start(
      ServerOptions options, Lookup lookup, SocketmapObserver observer) throws IOException {
    ServerSocketChannel ch = bind(options.endpoint());
    SocketmapServer server = new SocketmapServer(options, lookup, observer, ch);
    server.acceptor.start();
    long period = Math.max(10, options.idleTimeout().toMillis() / 4);
    server.reaper.scheduleAtFixedRate(
        server::closeIdle, period, Math.min(period, 1000), TimeUnit.MILLISECONDS);
    LOG.info("socketmap server listening on {}", server.localAddress);
    return server;
  }

  /** The bound address (with the real port when 0 was asked for). */
  public SocketAddress localAddress() {
    return localAddress;
  }

  /** Connections open now. */
  public int openConnections() {
    return connections.size();
  }

  private static ServerSocketChannel bind(Endpoint endpoint) throws IOException {
    return switch (endpoint) {
      case Endpoint.Tcp tcp -> {
        ServerSocketChannel ch = ServerSocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (tcp.reusePort()) {
          if (ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
          } else {
            LOG.warn("reuse_port is set but this platform has no SO_REUSEPORT; ignored");
          }
        }
        ch.bind(tcp.address(), 1024);
        yield ch;
      }
      case Endpoint.Unix unix -> {
        removeStaleSocket(unix.path());
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(unix.path()), 1024);
        if (unix.mode().isPresent()) {
          Files.setPosixFilePermissions(unix.path(), permissions(unix.mode().getAsInt()));
        }
        if (unix.owner().isPresent()) {
          setOwner(unix.path(), unix.owner().get());
        }
        yield ch;
      }
    };
  }

  /** A socket file left by a previous run is replaced; any other file is left alone. */
  private static void removeStaleSocket(Path path) throws IOException {
    if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      if (Files.isRegularFile(path) || Files.isDirectory(path) || Files.isSymbolicLink(path)) {
        throw new IOException("refusing to replace " + path + ": not a socket");
      }
      Files.delete(path);
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  private static void setOwner(Path path, String owner) throws IOException {
    UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    int colon = owner.indexOf(':');
    String user = colon < 0 ? owner : owner.substring(0, colon);
    if (!user.isEmpty()) {
      view.setOwner(users.lookupPrincipalByName(user));
    }
    if (colon >= 0) {
      view.setGroup(users.lookupPrincipalByGroupName(owner.substring(colon + 1)));
    }
  }

  private void acceptLoop() {
    while (!stopping) {
      SocketChannel ch;
      try {
        ch = listener.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!stopping) {
          LOG.warn("accept failed: {}", e.toString());
        }
        continue;
      }
      if (options.endpoint() instanceof Endpoint.Tcp) {
        noDelay(ch);
      }
      SocketmapConnection conn =
          new SocketmapConnection(ch, options.maxRequest(), lookup, observer, connections::remove);
      connections.add(conn);
      if (stopping) {
        conn.drain();
      }
      Thread.ofVirtual().name("socketmap-conn").start(conn);
    }
  }

  /** A reply goes out at once, not held back until the previous one is acknowledged (Nagle). */
  private static void noDelay(SocketChannel ch) {
    try {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException e) {
      LOG.debug("TCP_NODELAY: {}", e.toString());
    }
  }

  private void closeIdle() {
    long limit = options.idleTimeout().toNanos();
    long now = System.nanoTime();
    for (SocketmapConnection conn : connections) {
      conn.closeIfIdleSince(now - limit);
    }
  }

  /**
   * Stops accepting, lets in-flight requests finish and their replies go out (up to {@code
   * shutdown_timeout}), then closes whatever is left.
   */
  @Override
  public void close() {
    if (stopping) {
      return;
    }
    stopping = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing listener: {}", e.toString());
    }
    reaper.shutdownNow();
    for (SocketmapConnection conn : connections) {
      conn.drain();
    }
    long deadline = System.nanoTime() + options.shutdownTimeout().toNanos();
    for (SocketmapConnection conn : connections) {
      long left = deadline - System.nanoTime();
      if (!conn.awaitClosed(Duration.ofNanos(Math.max(0, left)))) {
        LOG.warn("shutdown_timeout expired; closing a connection with a request in flight");
        conn.forceClose();
      }
    }
    try {
      acceptor.join(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (options.endpoint() instanceof Endpoint.Unix unix) {
      try {
        Files.deleteIfExists(unix.path());
      } catch (IOException e) {
        LOG.warn("could not remove socket {}: {}", unix.path(), e.toString());
      }
    }
    LOG.info("socketmap server on {} stopped", localAddress);
  }

  /** Exposed for the connection: answer one payload. */
  static Reply answer(byte[] payload, Lookup lookup) {
    ParseResult<SocketmapRequest> parsed = SocketmapRequest.parse(payload);
    return switch (parsed) {
      case ParseResult.Err<SocketmapRequest> err -> {
        LOG.debug("bad request: {}", err.errors().getFirst());
        yield new Reply.Perm("invalid request: " + err.errors().getFirst().code());
      }
      case ParseResult.Ok<SocketmapRequest> ok -> {
        try {
          Reply reply = lookup.lookup(ok.value());
          yield reply != null ? reply : new Reply.Temp("lookup returned nothing");
        } catch (RuntimeException e) {
          LOG.error("lookup of {} failed", ok.value(), e);
          yield new Reply.Temp("internal error");
        }
      }
    };
  }
}
