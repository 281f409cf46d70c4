package dev.mtasts.app.socketmap;

import dev.mtasts.app.listen.CannotListenException;
import dev.mtasts.app.listen.SocketFiles;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socketmap server on one event loop: a selector thread accepts, reads, and answers every request
 * the {@link Lookup} can answer from memory itself, so a cached answer costs no thread switch; a
 * request that needs a blocking lookup goes to a virtual thread of its own, and its connection
 * waits for it, keeping replies in request order. At most {@code maxConnections} connections
 * (beyond, accepting pauses) and {@code maxLookups} blocking lookups (beyond, {@code TEMP}) at
 * once. An {@link Error} on the loop or in a lookup, or a failure of the loop itself, ends the
 * process ({@link ProcessExit}): a dead listener in a live JVM would defer all mail without anyone
 * noticing. Graceful shutdown. Start with {@link #start}, stop with {@link #close}.
 */
public final class SocketmapServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SocketmapServer.class);

  /** How long accepting pauses after it failed (out of file descriptors, say). */
  private static final long ACCEPT_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

  /** A limit reached again is logged at most this often. */
  private static final long LIMIT_WARNING_NANOS = Duration.ofMinutes(1).toNanos();

  private static final Reply TOO_MANY_LOOKUPS = new Reply.Temp("too many lookups in progress");

  private final ServerOptions options;
  private final Lookup lookup;
  private final SocketmapObserver observer;
  private final ServerSocketChannel listener;
  private final SocketAddress localAddress;
  private final Selector selector;
  private final SelectionKey acceptKey;
  private final Thread loop;
  private final long idleCheckNanos;

  /** Work handed to the loop by other threads: finished lookups, and shutdown. */
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  /** Changed only by the loop; read by {@link #openConnections} from any thread. */
  private final Set<SocketmapConnection> connections = ConcurrentHashMap.newKeySet();

  /** Blocking lookups dispatched and not yet answered. */
  private final AtomicInteger lookups = new AtomicInteger();

  private final AtomicLong lastLookupLimitWarning =
      new AtomicLong(System.nanoTime() - LIMIT_WARNING_NANOS);

  // Confined to the loop.
  private long acceptPausedUntil;
  private boolean atConnectionLimit;
  private long lastConnectionLimitWarning = System.nanoTime() - LIMIT_WARNING_NANOS;
  private long drainDeadline;
  private boolean draining;

  private volatile boolean stopping;

  private SocketmapServer(
      ServerOptions options, Lookup lookup, SocketmapObserver observer, ServerSocketChannel ch)
      throws IOException {
    this.options = options;
    this.lookup = lookup;
    this.observer = observer;
    this.listener = ch;
    this.localAddress = ch.getLocalAddress();
    this.selector = Selector.open();
    ch.configureBlocking(false);
    this.acceptKey = ch.register(selector, SelectionKey.OP_ACCEPT);
    this.idleCheckNanos =
        Duration.ofMillis(Math.min(1000, Math.max(10, options.idleTimeout().toMillis() / 4)))
            .toNanos();
    this.loop = Thread.ofPlatform().name("socketmap-loop").unstarted(this::run);
  }

  /** Binds the endpoint and starts serving. */
  public static SocketmapServer start(
      ServerOptions options, Lookup lookup, SocketmapObserver observer) throws IOException {
    ServerSocketChannel ch = bind(options.endpoint());
    SocketmapServer server;
    try {
      server = new SocketmapServer(options, lookup, observer, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    server.loop.start();
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
        CannotListenException.bind(
            tcp.address(),
            "host and port in the config, or set reuse_port: true to share the port",
            () -> ch.bind(tcp.address(), 1024));
        yield ch;
      }
      case Endpoint.Unix unix -> {
        removeStaleSocket(unix.path());
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        UnixDomainSocketAddress socket = UnixDomainSocketAddress.of(unix.path());
        CannotListenException.bind(
            socket, "the socket path in the config", () -> ch.bind(socket, 1024));
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

  /**
   * A socket file left by a previous run is replaced. Any other file (a FIFO and a device too), and
   * a socket another process still listens on (a second daemon started by mistake), are left alone.
   */
  private static void removeStaleSocket(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!SocketFiles.isSocket(path)) {
      throw new IOException("refusing to replace " + path + ": not a socket");
    }
    if (listenedOn(path)) {
      throw new IOException(
          "refusing to replace " + path + ": another process listens on it (a daemon running)");
    }
    Files.delete(path);
  }

  /**
   * Whether a connection to the socket at {@code path} is accepted or queued. Without waiting: a
   * refused one, or any other failure, means nobody listens (a stale socket).
   */
  private static boolean listenedOn(Path path) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.configureBlocking(false);
      probe.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      return false;
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

  private void run() {
    try {
      serve();
    } catch (IOException | RuntimeException | Error e) {
      try {
        closeEverything();
      } catch (RuntimeException | Error closing) {
        e.addSuppressed(closing);
      }
      if (!stopping) {
        ProcessExit.fatal("the socketmap server loop on " + localAddress + " failed", e);
      }
      LOG.error("socketmap server loop failed while stopping", e);
      return;
    }
    closeEverything();
  }

  private void serve() throws IOException {
    long nextIdleCheck = System.nanoTime() + idleCheckNanos;
    while (true) {
      long now = System.nanoTime();
      long wake = Math.min(nextIdleCheck, draining ? drainDeadline : Long.MAX_VALUE);
      if (acceptPausedUntil != 0) {
        wake = Math.min(wake, acceptPausedUntil);
      }
      selector.select(Math.max(1, (wake - now + 999_999) / 1_000_000));
      runTasks();
      for (SelectionKey key : selector.selectedKeys()) {
        if (key == acceptKey) {
          acceptAll();
        } else if (key.attachment() instanceof SocketmapConnection conn) {
          guarded(conn, conn::onReady);
        }
      }
      selector.selectedKeys().clear();
      now = System.nanoTime();
      if (acceptPausedUntil != 0 && now - acceptPausedUntil >= 0 && !draining) {
        acceptPausedUntil = 0;
        resumeAccepting();
      }
      if (atConnectionLimit && connections.size() < options.maxConnections() && !draining) {
        atConnectionLimit = false;
        resumeAccepting();
      }
      if (now - nextIdleCheck >= 0) {
        closeIdle(now);
        nextIdleCheck = now + idleCheckNanos;
      }
      if (draining && (connections.isEmpty() || now - drainDeadline >= 0)) {
        return;
      }
    }
  }

  private void resumeAccepting() {
    if (acceptPausedUntil == 0 && !atConnectionLimit) {
      acceptKey.interestOps(SelectionKey.OP_ACCEPT);
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }

  private void acceptAll() {
    while (!draining) {
      if (connections.size() >= options.maxConnections()) {
        stopAcceptingAtTheLimit();
        return;
      }
      SocketChannel ch;
      try {
        ch = listener.accept();
        if (ch == null) {
          return;
        }
        ch.configureBlocking(false);
      } catch (IOException e) {
        LOG.warn("accept failed, pausing accepting for 100 ms: {}", e.toString());
        acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE_NANOS;
        acceptKey.interestOps(0);
        return;
      }
      if (options.endpoint() instanceof Endpoint.Tcp) {
        noDelay(ch);
      }
      register(ch);
    }
  }

  /** New clients wait in the listen backlog until a connection closes. */
  private void stopAcceptingAtTheLimit() {
    atConnectionLimit = true;
    acceptKey.interestOps(0);
    long now = System.nanoTime();
    if (now - lastConnectionLimitWarning >= LIMIT_WARNING_NANOS) {
      lastConnectionLimitWarning = now;
      LOG.warn(
          "{} connections open, the limit (mtasts.max_connections): not accepting more until one"
              + " closes (logged at most once a minute)",
          options.maxConnections());
    }
  }

  private void register(SocketChannel ch) {
    try {
      SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
      SocketmapConnection conn =
          new SocketmapConnection(ch, key, options, lookup, observer, this::dispatch);
      key.attach(conn);
      connections.add(conn);
    } catch (IOException e) {
      LOG.debug("registering a connection: {}", e.toString());
      try {
        ch.close();
      } catch (IOException closing) {
        LOG.debug("closing: {}", closing.toString());
      }
    }
  }

  /**
   * A request that needs a blocking lookup: a virtual thread answers it, the loop replies. Beyond
   * {@code maxLookups} at once the answer is {@code TEMP}, on the loop's next turn.
   */
  private void dispatch(SocketmapConnection conn, SocketmapRequest request, long startNanos) {
    if (lookups.incrementAndGet() > options.maxLookups()) {
      lookups.decrementAndGet();
      lookupLimitReached();
      reply(conn, TOO_MANY_LOOKUPS, startNanos);
      return;
    }
    Thread.ofVirtual()
        .name("socketmap-lookup")
        .start(
            () -> {
              Reply reply;
              try {
                reply = SocketmapConnection.lookUpBlocking(lookup, request);
              } catch (Error e) {
                ProcessExit.fatal("a socketmap lookup of " + request + " failed", e);
                return;
              } finally {
                lookups.decrementAndGet();
              }
              reply(conn, reply, startNanos);
            });
  }

  /** Hands {@code reply} to {@code conn} on the loop. */
  private void reply(SocketmapConnection conn, Reply reply, long startNanos) {
    tasks.add(() -> guarded(conn, () -> conn.onLookupDone(reply, startNanos)));
    selector.wakeup();
  }

  private void lookupLimitReached() {
    long now = System.nanoTime();
    long last = lastLookupLimitWarning.get();
    if (now - last >= LIMIT_WARNING_NANOS && lastLookupLimitWarning.compareAndSet(last, now)) {
      LOG.warn(
          "{} lookups in progress, the limit (mtasts.max_lookups): answering TEMP to more (logged"
              + " at most once a minute)",
          options.maxLookups());
    }
  }

  /** Runs one connection's work; a bug there closes that connection, not the whole server. */
  private void guarded(SocketmapConnection conn, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.error("closing a connection after an unexpected error", e);
      conn.close();
    }
    forgetIfClosed(conn);
  }

  private void forgetIfClosed(SocketmapConnection conn) {
    if (conn.isClosed()) {
      connections.remove(conn);
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

  private void closeIdle(long now) {
    long since = now - options.idleTimeout().toNanos();
    for (SocketmapConnection conn : List.copyOf(connections)) {
      conn.closeIfIdleSince(since);
      forgetIfClosed(conn);
    }
  }

  /** On the loop: stop accepting, close idle connections, let in-flight requests finish. */
  private void beginDrain() {
    draining = true;
    drainDeadline = System.nanoTime() + options.shutdownTimeout().toNanos();
    acceptKey.cancel();
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing listener: {}", e.toString());
    }
    for (SocketmapConnection conn : List.copyOf(connections)) {
      conn.drain();
      forgetIfClosed(conn);
    }
  }

  private void closeEverything() {
    List<SocketmapConnection> left = new ArrayList<>(connections);
    if (!left.isEmpty()) {
      LOG.warn(
          "shutdown_timeout expired; closing {} connection(s) with a request in flight",
          left.size());
    }
    for (SocketmapConnection conn : left) {
      conn.close();
      forgetIfClosed(conn);
    }
    try {
      listener.close();
      selector.close();
    } catch (IOException e) {
      LOG.debug("closing selector: {}", e.toString());
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
    tasks.add(this::beginDrain);
    selector.wakeup();
    try {
      loop.join(options.shutdownTimeout().plusSeconds(5));
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
}
