package dev.mtasts.app.web;

import java.net.URI;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * CSRF protection of the dashboard's forms, two independent checks that must both pass:
 *
 * <ol>
 *   <li>the request comes from our own origin: {@code Sec-Fetch-Site} is not cross-site or
 *       same-site, and {@code Origin} (or, without it, {@code Referer}) names this scheme and host;
 *   <li>the form carries the synchronizer token: the session's for a logged-in form (logout), the
 *       one of the {@code mtasts_login} cookie for the login form (a cookie that a cross-site
 *       request does not carry, SameSite=Strict).
 * </ol>
 *
 * The cookie alone never authorizes a change.
 */
public final class Csrf {

  /** The hidden form field with the synchronizer token. */
  public static final String FIELD = "csrf";

  /** The login form's token, set by {@code GET /login}. */
  public static final String LOGIN_COOKIE = "mtasts_login";

  private Csrf() {}

  /**
   * Whether the request's Sec-Fetch-Site, Origin and Referer all allow it to be ours; {@code
   * secure}: the browser reached us over TLS ({@link TrustedProxies#secure}).
   */
  static boolean sameOrigin(Request request, boolean secure) {
    String site = request.getHeaders().get("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return false;
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host == null) {
      return false;
    }
    String own = (secure ? "https://" : "http://") + host.toLowerCase(Locale.ROOT);
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null) {
      return origin.toLowerCase(Locale.ROOT).equals(own);
    }
    String referer = request.getHeaders().get(HttpHeader.REFERER);
    if (referer != null) {
      try {
        URI uri = URI.create(referer);
        return (uri.getScheme() + "://" + uri.getRawAuthority())
            .toLowerCase(Locale.ROOT)
            .equals(own);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true; // not a browser's cross-site form: the synchronizer token decides
  }

  /** Whether the form's token equals {@code expected} and the request is from our origin. */
  static boolean valid(Request request, boolean secure, String expected, String formToken) {
    return sameOrigin(request, secure) && Sessions.same(expected, formToken);
  }
}
