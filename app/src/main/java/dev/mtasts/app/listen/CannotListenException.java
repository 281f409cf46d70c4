package dev.mtasts.app.listen;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;

/**
 * A listener could not bind its address: the one-line message names the address, why, and the
 * setting that chooses it, so that a daemon started on a busy port says what to change instead of
 * printing a stack trace. Long-running commands let it reach {@code Main}, which prints the message
 * and exits 2.
 */
public final class CannotListenException extends IOException {

  private static final long serialVersionUID = 1L;

  /** {@code setting}: what the user changes, e.g. "port in the config" or "--dns-port". */
  public CannotListenException(SocketAddress address, String setting, IOException cause) {
    super(
        "cannot listen on " + describe(address) + ": " + reason(cause) + "; change " + setting,
        cause);
  }

  /** Binds through {@code bind}, turning its failure into one that names address and setting. */
  public static <T> T bind(SocketAddress address, String setting, Binding<T> bind)
      throws CannotListenException {
    try {
      return bind.bind();
    } catch (IOException e) {
      throw new CannotListenException(address, setting, e);
    }
  }

  /** One bind attempt. */
  @FunctionalInterface
  public interface Binding<T> {
    T bind() throws IOException;
  }

  private static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      String host =
          inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  /** Why, from the innermost BindException (Jetty wraps it in an IOException of its own). */
  private static String reason(IOException cause) {
    Throwable bind = cause;
    while (!(bind instanceof BindException) && bind.getCause() != null) {
      bind = bind.getCause();
    }
    Throwable reason = bind instanceof BindException ? bind : cause;
    String message =
        reason.getMessage() == null ? "" : reason.getMessage().toLowerCase(Locale.ROOT);
    if (reason instanceof BindException && message.contains("in use")) {
      return "the address is already in use (another process listens there)";
    }
    if (reason instanceof BindException && message.contains("assign")) {
      return "no interface of this machine has that address";
    }
    if (reason instanceof BindException && message.contains("permission")) {
      return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
    }
    return message.isEmpty() ? reason.getClass().getSimpleName() : message;
  }
}
