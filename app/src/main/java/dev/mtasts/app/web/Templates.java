package dev.mtasts.app.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The jte templates of src/main/jte, compiled to classes at build time (nothing is compiled at run
 * time), HTML-escaped by jte. Each template takes one view record and computes nothing.
 */
final class Templates {

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  String render(String template, Object view) {
    StringOutput out = new StringOutput();
    engine.render(template, view, out);
    return out.toString();
  }

  /** Sends the rendered page with {@code status}. */
  boolean send(Response response, Callback callback, int status, String template, Object view) {
    return html(response, callback, status, render(template, view));
  }

  static boolean html(Response response, Callback callback, int status, String html) {
    return write(response, callback, status, "text/html; charset=utf-8", html);
  }

  static boolean text(Response response, Callback callback, int status, String text) {
    return write(response, callback, status, "text/plain; charset=utf-8", text);
  }

  private static boolean write(
      Response response, Callback callback, int status, String type, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  /** 303 See Other to a path of ours. */
  static boolean redirect(Response response, Callback callback, String path) {
    response.getHeaders().put(HttpHeader.LOCATION, path);
    return text(response, callback, 303, "");
  }
}
