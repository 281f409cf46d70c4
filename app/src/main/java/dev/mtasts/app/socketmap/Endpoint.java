package dev.mtasts.app.socketmap;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Where the server listens. */
public sealed interface Endpoint {

  /**
   * A TCP socket.
   *
   * @param reusePort set {@code SO_REUSEPORT} where the platform supports it, so several instances
   *     can share the port (as the incumbent's {@code reuse_port})
   */
  record Tcp(InetSocketAddress address, boolean reusePort) implements Endpoint {
    public Tcp {
      Objects.requireNonNull(address, "address");
    }
  }

  /**
   * A UNIX stream socket.
   *
   * @param mode file permission bits for the socket file (e.g. {@code 0666}), or the umask's
   * @param owner {@code user} or {@code user:group} to give the socket file to
   */
  record Unix(Path path, OptionalInt mode, Optional<String> owner) implements Endpoint {
    public Unix {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(owner, "owner");
    }
  }
}
