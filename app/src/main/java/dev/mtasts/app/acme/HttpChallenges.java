package dev.mtasts.app.acme;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The pending HTTP-01 challenges (RFC 8555 §8.3) and the handler that answers them: {@code GET
 * /.well-known/acme-challenge/<token>} for the host the token was issued for gets the key
 * authorization as {@code text/plain}; everything else gets 404, and nothing is ever redirected.
 */
public final class HttpChallenges extends Handler.Abstract.NonBlocking {

  static final String PREFIX = "/.well-known/acme-challenge/";

  private record Pending(String host, String keyAuthorization) {}

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /** Answers {@code token} for {@code host} with {@code keyAuthorization} until disarmed. */
  public void arm(String host, String token, String keyAuthorization) {
    pending.put(token, new Pending(host.toLowerCase(Locale.ROOT), keyAuthorization));
  }

  /** Stops answering {@code token}. */
  public void disarm(String token) {
    pending.remove(token);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    Pending answer = null;
    if (path != null
        && path.startsWith(PREFIX)
        && (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method))) {
      Pending candidate = pending.get(path.substring(PREFIX.length()));
      String host = Request.getServerName(request);
      if (candidate != null && candidate.host().equalsIgnoreCase(host)) {
        answer = candidate;
      }
    }
    if (answer == null) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    byte[] body = answer.keyAuthorization().getBytes(StandardCharsets.US_ASCII);
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(
        true,
        HttpMethod.HEAD.is(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body),
        callback);
    return true;
  }
}
