package dev.mtasts.bench.socketmap;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Connections and request batches, the same for both clients. */
final class Requests {

  private Requests() {}

  /** A connected channel (blocking), without Nagle on TCP. */
  static SocketChannel open(SocketAddress target) throws IOException {
    SocketChannel ch =
        target instanceof UnixDomainSocketAddress
            ? SocketChannel.open(StandardProtocolFamily.UNIX)
            : SocketChannel.open();
    ch.connect(target);
    if (!(target instanceof UnixDomainSocketAddress)) {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }
    return ch;
  }

  /** {@code --pipeline} requests as netstrings, keys taken round robin from {@code first}. */
  static ByteBuffer batch(SocketmapLoad.Options o, int first) {
    ByteBuffer out = ByteBuffer.allocate(o.pipeline() * 300);
    for (int i = 0; i < o.pipeline(); i++) {
      String key = o.keys().get((first + i) % o.keys().size());
      byte[] req = (o.name() + " " + key).getBytes(StandardCharsets.UTF_8);
      out.put((req.length + ":").getBytes(StandardCharsets.US_ASCII)).put(req).put((byte) ',');
    }
    return out.flip();
  }
}
