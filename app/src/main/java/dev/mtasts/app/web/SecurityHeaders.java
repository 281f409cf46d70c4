package dev.mtasts.app.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The security headers of every response of serve. The pages run no script at all; their one
 * stylesheet is inlined in each page and allowed by its SHA-256 hash, so the login page opens no
 * other path and no other style can apply. No framing, no MIME sniffing, no referrer beyond the
 * origin.
 */
public final class SecurityHeaders extends Handler.Wrapper {

  /** The dashboard's stylesheet, inlined in every page's {@code <style>}. */
  public static final String CSS = load("/web/dashboard.css");

  /** The Content-Security-Policy: nothing but the inlined stylesheet and inline SVG. */
  public static final String CSP =
      "default-src 'none'; style-src 'sha256-"
          + sha256(CSS)
          + "'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  public SecurityHeaders(Handler handler) {
    super(handler);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields.Mutable h = response.getHeaders();
    h.put("Content-Security-Policy", CSP);
    h.put("X-Frame-Options", "DENY");
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "same-origin");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    if (request.isSecure()) {
      h.put("Strict-Transport-Security", "max-age=31536000");
    }
    return super.handle(request, response, callback);
  }

  private static String load(String resource) {
    try (InputStream in = SecurityHeaders.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
