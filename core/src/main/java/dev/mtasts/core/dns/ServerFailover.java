package dev.mtasts.core.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

/**
 * Asks servers in turn, like a stub resolver with several nameservers (RFC 1123 §6.1.3.3): each
 * server once, then again, {@code attempts} rounds. Each attempt (UDP, and TCP when the UDP answer
 * is truncated, which dnsjava's SimpleResolver does itself) ends after exactly {@code timeout}: the
 * timeout is enforced here because dnsjava's own fires only on its selector's tick (about a second
 * in 3.7).
 */
final class ServerFailover implements Resolver {

  private final List<SimpleResolver> servers;
  private final Duration timeout;
  private final int attempts;

  ServerFailover(List<InetSocketAddress> addresses, Duration timeout, int attempts) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no DNS server configured or found");
    }
    List<SimpleResolver> list = new ArrayList<>();
    for (InetSocketAddress address : addresses) {
      SimpleResolver server = new SimpleResolver(address);
      server.setTimeout(timeout);
      list.add(server);
    }
    this.servers = List.copyOf(list);
    this.timeout = timeout;
    this.attempts = attempts;
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query) {
    return sendAsync(query, ForkJoinPool.commonPool());
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query, Executor executor) {
    return attempt(query, 0, executor);
  }

  private CompletableFuture<Message> attempt(Message query, int number, Executor executor) {
    SimpleResolver server = servers.get(number % servers.size());
    return server
        .sendAsync(query, executor)
        .toCompletableFuture()
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .exceptionallyCompose(
            error ->
                number + 1 < servers.size() * attempts
                    ? attempt(query, number + 1, executor)
                    : CompletableFuture.failedFuture(error));
  }

  @Override
  public void setPort(int port) {
    servers.forEach(s -> s.setPort(port));
  }

  @Override
  public void setTCP(boolean flag) {
    servers.forEach(s -> s.setTCP(flag));
  }

  @Override
  public void setIgnoreTruncation(boolean flag) {
    servers.forEach(s -> s.setIgnoreTruncation(flag));
  }

  @Override
  public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    servers.forEach(s -> s.setEDNS(version, payloadSize, flags, options));
  }

  @Override
  public void setTSIGKey(TSIG key) {
    servers.forEach(s -> s.setTSIGKey(key));
  }

  @Override
  public void setTimeout(Duration newTimeout) {
    throw new UnsupportedOperationException("the timeout is fixed at construction: " + timeout);
  }

  @Override
  public Duration getTimeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return String.join(
        ", ",
        servers.stream()
            .map(SimpleResolver::getAddress)
            .map(
                a ->
                    (a.getAddress() instanceof java.net.Inet6Address
                            ? "[" + a.getAddress().getHostAddress() + "]"
                            : a.getAddress().getHostAddress())
                        + ":"
                        + a.getPort())
            .toList());
  }
}
