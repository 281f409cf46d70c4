package dev.mtasts.app.socketmap;

import java.util.Optional;

/**
 * What a socketmap serves: the seam between the protocol and the policy logic. The server first
 * asks {@link #lookupFromMemory} on its event loop; only when that has no answer does it call
 * {@link #lookup} on a thread of its own, which may block. An exception from either is answered
 * with {@code TEMP}.
 */
@FunctionalInterface
public interface Lookup {

  /** The reply for one request; never null. May block (DNS, HTTPS, a database). */
  Reply lookup(SocketmapRequest request);

  /**
   * The reply for one request if it can be had from memory, without blocking; empty when answering
   * needs I/O. Called on the event loop that serves every connection, so it must not wait for
   * anything; an empty answer must leave no trace, as {@link #lookup} follows.
   */
  default Optional<Reply> lookupFromMemory(SocketmapRequest request) {
    return Optional.empty();
  }
}
