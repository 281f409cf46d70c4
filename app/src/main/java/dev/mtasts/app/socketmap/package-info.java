/**
 * Postfix's socketmap protocol (socketmap_table(5)), server side.
 *
 * <p>Postfix sends each lookup as a netstring {@code len:name SP key,} and reads one netstring
 * reply: {@code OK data}, {@code NOTFOUND }, {@code TEMP reason}, {@code TIMEOUT reason} or {@code
 * PERM reason}. A connection carries any number of requests, answered in order. The server here
 * listens on TCP or a UNIX socket, runs one virtual thread per connection, bounds request size
 * ({@link dev.mtasts.app.socketmap.Netstring#DEFAULT_MAX_REQUEST}), closes idle connections and
 * shuts down gracefully. What a key maps to is decided by a {@link
 * dev.mtasts.app.socketmap.Lookup}; this package knows nothing of MTA-STS.
 */
package dev.mtasts.app.socketmap;
