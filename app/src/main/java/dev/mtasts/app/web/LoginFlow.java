package dev.mtasts.app.web;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /login} (the form, field {@code token}), {@code POST /login} and {@code POST /logout}.
 * A good token starts a new server-side session; a bad one counts towards the client address's
 * lockout and is logged with the address, never with the token.
 */
final class LoginFlow {

  private static final Logger LOG = LoggerFactory.getLogger(LoginFlow.class);

  /** A login form is small: a token, a CSRF token and a path. */
  private static final int MAX_FORM_FIELDS = 8;

  private static final int MAX_FORM_BYTES = 8 * 1024;

  private final String adminToken;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final TrustedProxies proxies;
  private final Templates templates;

  LoginFlow(
      String adminToken,
      Sessions sessions,
      LoginThrottle throttle,
      TrustedProxies proxies,
      Templates templates) {
    this.adminToken = adminToken;
    this.sessions = sessions;
    this.throttle = throttle;
    this.proxies = proxies;
    this.templates = templates;
  }

  boolean form(Request request, Response response, Callback callback) {
    if (sessions.of(request).isPresent()) {
      return Templates.redirect(response, callback, "/");
    }
    String next = localPath(Request.extractQueryParameters(request).getValue("next"));
    return show(request, response, callback, 200, next, "");
  }

  private boolean show(
      Request request,
      Response response,
      Callback callback,
      int status,
      String next,
      String error) {
    String csrf =
        Sessions.cookie(request, Csrf.LOGIN_COOKIE)
            .filter(v -> v.length() == 43)
            .orElseGet(sessions::randomToken);
    Sessions.setCookie(response, proxies.secure(request), Csrf.LOGIN_COOKIE, csrf);
    return templates.send(
        response,
        callback,
        status,
        "login.jte",
        new LoginView(Frame.loggedOut("Log in"), csrf, next, error));
  }

  boolean login(Request request, Response response, Callback callback) throws Exception {
    String address = proxies.clientAddress(request);
    Optional<Duration> locked = throttle.lockedFor(address);
    if (locked.isPresent()) {
      long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
      return show(
          request,
          response,
          callback,
          429,
          "/",
          "Too many bad tokens from your address: try again in " + seconds + " seconds.");
    }
    Fields form = FormFields.getFields(request, MAX_FORM_FIELDS, MAX_FORM_BYTES);
    String next = localPath(form.getValue("next"));
    Optional<String> expected = Sessions.cookie(request, Csrf.LOGIN_COOKIE);
    if (expected.isEmpty()
        || !Csrf.valid(
            request, proxies.secure(request), expected.get(), form.getValue(Csrf.FIELD))) {
      return show(
          request,
          response,
          callback,
          403,
          next,
          "The form expired or came from another site; enter the token again.");
    }
    if (!Sessions.same(adminToken, form.getValue("token"))) {
      LoginThrottle.Failure failure = throttle.failed(address);
      if (failure.lock().isZero()) {
        LOG.warn("login: bad token from {} ({} in a row)", address, failure.count());
      } else {
        LOG.warn(
            "login: bad token from {} ({} in a row), locked out for {} s",
            address,
            failure.count(),
            failure.lock().toSeconds());
      }
      return show(request, response, callback, 401, next, "That is not the admin token.");
    }
    throttle.succeeded(address);
    Sessions.Session session = sessions.create();
    Sessions.setCookie(response, proxies.secure(request), Sessions.COOKIE, session.id());
    Sessions.clearCookie(response, proxies.secure(request), Csrf.LOGIN_COOKIE);
    LOG.info("login: session started for {}", address);
    return Templates.redirect(response, callback, next);
  }

  boolean logout(Request request, Response response, Callback callback) throws Exception {
    Optional<Sessions.Session> session = sessions.of(request);
    Fields form = FormFields.getFields(request, MAX_FORM_FIELDS, MAX_FORM_BYTES);
    if (session.isEmpty()
        || !Csrf.valid(
            request, proxies.secure(request), session.get().csrf(), form.getValue(Csrf.FIELD))) {
      return templates.send(
          response,
          callback,
          403,
          "message.jte",
          new MessageView(
              Frame.loggedOut("Refused"),
              "Logout refused",
              "The form expired or came from another site. Reload the page and try again."));
    }
    sessions.end(session.get());
    Sessions.clearCookie(response, proxies.secure(request), Sessions.COOKIE);
    return Templates.redirect(response, callback, "/login");
  }

  /** {@code path} when it is a path of ours ({@code /x}, not {@code //host} or {@code /\host}). */
  static String localPath(String path) {
    if (path == null
        || !path.startsWith("/")
        || path.startsWith("//")
        || path.startsWith("/\\")
        || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      return "/";
    }
    return path;
  }
}
