package dev.mtasts.core.dns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

/**
 * Turns a server's failure RCODE (SERVFAIL, REFUSED, anything but NOERROR and NXDOMAIN, RFC 1035
 * §4.1.1) into an exceptional completion. Placed under the DNSSEC validator it keeps a server
 * failure from being judged as a failed validation (the validator would report both as SERVFAIL).
 */
final class RcodeGuard implements Resolver {

  /** The server answered with a failure RCODE. */
  static final class ServerFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Message response;

    ServerFailure(Message response) {
      super("server answered " + Rcode.string(response.getRcode()), null, false, false);
      this.response = response;
    }

    Message response() {
      return response;
    }
  }

  private final Resolver server;

  RcodeGuard(Resolver server) {
    this.server = server;
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query) {
    return guard(server.sendAsync(query));
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query, Executor executor) {
    return guard(server.sendAsync(query, executor));
  }

  private static CompletionStage<Message> guard(CompletionStage<Message> answer) {
    return answer.thenCompose(
        response -> {
          int rcode = response.getRcode();
          return rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN
              ? CompletableFuture.completedFuture(response)
              : CompletableFuture.failedFuture(new ServerFailure(response));
        });
  }

  @Override
  public void setPort(int port) {
    server.setPort(port);
  }

  @Override
  public void setTCP(boolean flag) {
    server.setTCP(flag);
  }

  @Override
  public void setIgnoreTruncation(boolean flag) {
    server.setIgnoreTruncation(flag);
  }

  @Override
  public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    server.setEDNS(version, payloadSize, flags, options);
  }

  @Override
  public void setTSIGKey(TSIG key) {
    server.setTSIGKey(key);
  }

  @Override
  public void setTimeout(Duration timeout) {
    server.setTimeout(timeout);
  }

  @Override
  public Duration getTimeout() {
    return server.getTimeout();
  }
}
