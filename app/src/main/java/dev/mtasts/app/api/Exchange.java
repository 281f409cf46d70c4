package dev.mtasts.app.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing one whole response. */
final class Exchange {

  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";

  private Exchange() {}

  static boolean send(
      Response response, Callback callback, int status, String contentType, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  static boolean json(Response response, Callback callback, int status, String body) {
    return send(response, callback, status, JSON, body);
  }

  static boolean error(Response response, Callback callback, int status, String code, String msg) {
    return json(response, callback, status, Json.error(code, msg));
  }
}
