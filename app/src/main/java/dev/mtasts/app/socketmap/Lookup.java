package dev.mtasts.app.socketmap;

/**
 * What a socketmap serves: the seam between the protocol and the policy logic. Called on the
 * connection's virtual thread, so it may block. An exception is answered with {@code TEMP}.
 */
@FunctionalInterface
public interface Lookup {

  /** The reply for one request; never null. */
  Reply lookup(SocketmapRequest request);
}
