package dev.mtasts.app.socketmap;

import dev.mtasts.core.ParseResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, confined to the server's event loop: reads netstrings (any number per
 * read, or one across many reads), answers each in order, and closes on a framing error (after the
 * replies before it), at the end of the client's input (after answering what it sent), when idle,
 * or when the server drains. One request at a time waits for a blocking lookup; while it does, the
 * connection reads nothing more, so the requests behind it stay in order.
 */
final class SocketmapConnection {

  private static final Logger LOG = LoggerFactory.getLogger(SocketmapConnection.class);

  /** Length digits, colon and comma around the largest payload. */
  private static final int FRAMING = 12;

  /** Stop reading while this much output waits for a client that does not read its replies. */
  private static final int MAX_PENDING_OUTPUT = 64 * 1024;

  /** Hands a request that needs a blocking lookup to a thread that may block. */
  interface Dispatcher {
    void lookUpBlocking(SocketmapConnection conn, SocketmapRequest request, long startNanos);
  }

  private final SocketChannel channel;
  private final SelectionKey key;
  private final int maxRequest;
  private final Lookup lookup;
  private final SocketmapObserver observer;
  private final Dispatcher dispatcher;
  private final String peer;
  private final ByteBuffer in;
  private final ReplyBuffer out = new ReplyBuffer();

  private boolean awaitingLookup;
  private boolean closeAfterReplies;
  private boolean inputEnded;
  private boolean draining;
  private boolean closed;
  private long lastActivity = System.nanoTime();

  SocketmapConnection(
      SocketChannel channel,
      SelectionKey key,
      ServerOptions options,
      Lookup lookup,
      SocketmapObserver observer,
      Dispatcher dispatcher) {
    this.channel = channel;
    this.key = key;
    this.maxRequest = options.maxRequest();
    this.lookup = lookup;
    this.observer = observer;
    this.dispatcher = dispatcher;
    this.peer = describe(channel);
    // Direct: the socket reads into it without a copy.
    this.in = ByteBuffer.allocateDirect(maxRequest + FRAMING);
  }

  /** The selector says the socket can be read or written. */
  void onReady() {
    onLoop(
        () -> {
          if (key.isValid() && key.isWritable()) {
            out.writeTo(channel);
          }
          boolean read = false;
          if (key.isValid() && key.isReadable()) {
            if (channel.read(in) < 0) {
              // The client sent all it will (a half-close, as "printf ... | nc -N" does): the
              // requests it sent are still answered, then the connection closes.
              LOG.debug("{} ended its requests", peer);
              inputEnded = true;
            }
            read = true;
          }
          if (read || !draining) {
            // Also requests held back until the client took enough of its replies.
            answerAndWrite();
          } else {
            out.writeTo(channel);
          }
        });
  }

  /** The blocking lookup dispatched by this connection is done (on the event loop). */
  void onLookupDone(Reply reply, long startNanos) {
    awaitingLookup = false;
    if (closed) {
      return;
    }
    onLoop(
        () -> {
          reply(reply, startNanos);
          if (!draining) {
            answerAndWrite();
          } else {
            out.writeTo(channel);
          }
        });
  }

  /**
   * Answers the buffered requests and writes the replies, for as long as the socket takes all of
   * them: what it does not take waits for the socket to be writable again.
   */
  private void answerAndWrite() throws IOException {
    while (true) {
      answerBuffered();
      int built = out.pending();
      out.writeTo(channel);
      if (built == 0 || out.pending() > 0) {
        return;
      }
    }
  }

  /** Socket work on the loop, then what to wait for next; an I/O error closes the connection. */
  private void onLoop(SocketWork work) {
    try {
      work.run();
      settle();
    } catch (IOException e) {
      LOG.debug("{}: {}", peer, e.toString());
      close();
    }
  }

  @FunctionalInterface
  private interface SocketWork {
    void run() throws IOException;
  }

  /**
   * Answers the complete requests buffered, until one has to wait for a blocking lookup or the
   * replies waiting for the client reach {@link #MAX_PENDING_OUTPUT}: a client that pipelines
   * requests and reads no replies must not make us buffer a reply for each.
   */
  private void answerBuffered() {
    in.flip();
    try {
      while (!awaitingLookup && !closeAfterReplies && out.pending() < MAX_PENDING_OUTPUT) {
        switch (Netstring.decode(in, maxRequest)) {
          case Netstring.Decoded.Incomplete i -> {
            return;
          }
          case Netstring.Decoded.Malformed m -> {
            LOG.warn("closing connection from {}: {}: {}", peer, m.code(), m.message());
            observer.protocolViolation(m.code());
            closeAfterReplies = true;
          }
          case Netstring.Decoded.Frame f -> answer(f.payload());
        }
      }
    } finally {
      in.compact();
    }
  }

  private void answer(byte[] payload) {
    long start = System.nanoTime();
    // Only a whole request counts as activity: a client trickling bytes is idle (slowloris).
    lastActivity = start;
    ParseResult<SocketmapRequest> parsed = SocketmapRequest.parse(payload);
    switch (parsed) {
      case ParseResult.Err<SocketmapRequest> err -> {
        LOG.debug("bad request: {}", err.errors().getFirst());
        reply(new Reply.Perm("invalid request: " + err.errors().getFirst().code()), start);
      }
      case ParseResult.Ok<SocketmapRequest> ok -> {
        Optional<Reply> known = fromMemory(ok.value());
        if (known.isPresent()) {
          reply(known.get(), start);
        } else {
          awaitingLookup = true;
          dispatcher.lookUpBlocking(this, ok.value(), start);
        }
      }
    }
  }

  private Optional<Reply> fromMemory(SocketmapRequest request) {
    try {
      return lookup.lookupFromMemory(request);
    } catch (RuntimeException e) {
      LOG.error("lookup of {} failed", request, e);
      return Optional.of(new Reply.Temp("internal error"));
    }
  }

  /** {@link Lookup#lookup} with its failures answered as {@code TEMP}; on a blocking thread. */
  static Reply lookUpBlocking(Lookup lookup, SocketmapRequest request) {
    try {
      Reply reply = lookup.lookup(request);
      return reply != null ? reply : new Reply.Temp("lookup returned nothing");
    } catch (RuntimeException e) {
      LOG.error("lookup of {} failed", request, e);
      return new Reply.Temp("internal error");
    }
  }

  private void reply(Reply reply, long startNanos) {
    out.add(reply);
    observer.served(reply, System.nanoTime() - startNanos);
  }

  /**
   * Chooses what to wait for next: the socket to drain our replies, a lookup, or more requests; or
   * closes the connection when nothing is left to do for it.
   */
  private void settle() {
    if (closed) {
      return;
    }
    if (out.pending() > 0) {
      // Keep reading while a few replies wait, but not for a client that never reads them.
      boolean read = !awaitingLookup && !closeAfterReplies && !draining && !inputEnded;
      read &= out.pending() < MAX_PENDING_OUTPUT;
      key.interestOps(SelectionKey.OP_WRITE | (read ? SelectionKey.OP_READ : 0));
    } else if (closeAfterReplies || ((draining || inputEnded) && !awaitingLookup)) {
      close();
    } else {
      key.interestOps(awaitingLookup || inputEnded ? 0 : SelectionKey.OP_READ);
    }
  }

  /** Server shutdown: close now if nothing is in flight, else after the in-flight reply. */
  void drain() {
    draining = true;
    settle();
  }

  /**
   * Closes the connection if no request arrived since {@code sinceNanos} and none waits for a
   * lookup. Replies still unsent go with it: a client that took none of them for that long (and so
   * had its further requests held back) is gone or hostile.
   */
  void closeIfIdleSince(long sinceNanos) {
    if (!awaitingLookup && lastActivity - sinceNanos <= 0) {
      LOG.debug("closing idle connection from {}", peer);
      close();
    }
  }

  boolean isClosed() {
    return closed;
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", peer, e.toString());
    }
  }

  private static String describe(SocketChannel ch) {
    try {
      Object remote = ch.getRemoteAddress();
      return remote == null || remote.toString().isEmpty() ? "unix client" : remote.toString();
    } catch (IOException e) {
      return "client";
    }
  }

  /**
   * Replies not yet taken by the socket, written in as few writes as it allows. The encoding of the
   * last reply is kept: a connection usually gets the same (remembered) reply object again.
   */
  private static final class ReplyBuffer {
    private ByteBuffer buf = ByteBuffer.allocateDirect(4096);
    private Reply lastReply;
    private byte[] lastEncoded;

    void add(Reply reply) {
      if (reply != lastReply) {
        lastEncoded = reply.encoded();
        lastReply = reply;
      }
      byte[] bytes = lastEncoded;
      if (buf.remaining() < bytes.length) {
        ByteBuffer bigger =
            ByteBuffer.allocateDirect(Math.max(buf.capacity() * 2, buf.position() + bytes.length));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
      buf.put(bytes);
    }

    int pending() {
      return buf.position();
    }

    /** Writes what the socket takes now; the rest stays for the next time it is writable. */
    void writeTo(SocketChannel ch) throws IOException {
      if (buf.position() == 0) {
        return;
      }
      buf.flip();
      try {
        while (buf.hasRemaining() && ch.write(buf) > 0) {
          // The socket took some; try the rest.
        }
      } finally {
        buf.compact();
      }
    }
  }
}
