package dev.mtasts.app.api;

import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.intake.Receipt;
import dev.mtasts.app.intake.Source;
import dev.mtasts.app.web.TrustedProxies;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /v1/tlsrpt} (RFC 8460 §5.4): a report as {@code application/tlsrpt+gzip} or {@code
 * application/tlsrpt+json}. 201 once stored, 200 for a duplicate, 400 with the reason, 413 over the
 * body or inflation limit, 415 for other types, 429 over the client's rate, 503 when the store
 * cannot commit now (the sender retries). The body is read only after the cheap checks, and never
 * beyond the limit.
 */
final class UploadEndpoint {

  private final IntakePipeline pipeline;
  private final long maxBodyBytes;
  private final RateLimiter limiter;
  private final TrustedProxies proxies;

  UploadEndpoint(
      IntakePipeline pipeline, long maxBodyBytes, RateLimiter limiter, TrustedProxies proxies) {
    this.pipeline = pipeline;
    this.maxBodyBytes = maxBodyBytes;
    this.limiter = limiter;
    this.proxies = proxies;
  }

  boolean handle(Request request, Response response, Callback callback) throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      return Exchange.error(
          response, callback, 405, "METHOD_NOT_ALLOWED", "reports are uploaded with POST");
    }
    String client = proxies.clientAddress(request);
    if (!limiter.tryAcquire(client)) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
      closeUnread(response);
      return Exchange.error(
          response, callback, 429, "TOO_MANY_REQUESTS", "too many uploads from " + client);
    }
    String type = mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    if (!type.equals("application/tlsrpt+gzip") && !type.equals("application/tlsrpt+json")) {
      closeUnread(response);
      return Exchange.error(
          response,
          callback,
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "Content-Type must be application/tlsrpt+gzip or application/tlsrpt+json (RFC 8460"
              + " §5.4), not '"
              + type
              + "'");
    }
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      return tooLarge(response, callback);
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    }
    if (body.length > maxBodyBytes) {
      return tooLarge(response, callback);
    }
    Outcome outcome = pipeline.accept(Receipt.of(body, Source.of(Source.HTTPS, client)));
    return switch (outcome) {
      case Outcome.Stored s -> Exchange.json(response, callback, 201, result(outcome));
      case Outcome.Duplicate d -> Exchange.json(response, callback, 200, result(outcome));
      case Outcome.Rejected r ->
          Exchange.error(
              response,
              callback,
              r.code().equals("REPORT_TOO_LARGE") ? 413 : 400,
              r.code(),
              r.reason());
      case Outcome.TemporaryFailure t -> {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "60");
        yield Exchange.error(response, callback, 503, "STORE_UNAVAILABLE", t.reason());
      }
    };
  }

  /**
   * Refused before its body was read: the connection cannot carry another request, so the answer
   * says so, and a client does not send its next upload on a connection about to close.
   */
  private static void closeUnread(Response response) {
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
  }

  private boolean tooLarge(Response response, Callback callback) {
    closeUnread(response);
    return Exchange.error(
        response,
        callback,
        413,
        "REPORT_TOO_LARGE",
        "the body is larger than the limit of " + maxBodyBytes + " bytes");
  }

  private static String result(Outcome outcome) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeStringProperty("outcome", outcome.label());
          if (outcome instanceof Outcome.Stored s) {
            g.writeArrayPropertyStart("domains");
            s.domains().forEach(g::writeString);
            g.writeEndArray();
          }
          g.writeEndObject();
        });
  }

  /** The media type without parameters, lower case; "" when absent. */
  static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }
}
