package dev.mtasts.app.dnsupdate;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how a hosted domain's records are updated ({@code policy_host.domains.D.dns_update}).
 *
 * @param server the zone's primary server that accepts updates (RFC 2136 §4)
 * @param zone the zone the records are in, e.g. {@code example.org}
 * @param ttl the TTL the records are written with, in seconds
 * @param key the TSIG key that signs each update (RFC 8945)
 * @param timeout how long to wait for the server's answer
 */
public record DnsUpdateSettings(
    InetSocketAddress server, String zone, long ttl, TsigKey key, Duration timeout) {

  /** An hour: a changed id reaches resolvers soon, and senders look again at most that often. */
  public static final long DEFAULT_TTL = 3600;

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public DnsUpdateSettings {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(timeout, "timeout");
  }
}
