package dev.mtasts.app.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The dashboard's routes and their gate. {@code /login} answers anyone; every other page needs a
 * live session: a browser without one is sent to the login form (303), and any method but GET needs
 * the session's CSRF token too.
 */
public final class Dashboard {

  private final Sessions sessions;
  private final LoginFlow login;
  private final Templates templates = new Templates();

  public Dashboard(String adminToken, Clock clock) {
    this.sessions = new Sessions(clock);
    this.login = new LoginFlow(adminToken, sessions, new LoginThrottle(clock), templates);
  }

  /** The sessions, which the API also accepts for GET (so export links work). */
  public Sessions sessions() {
    return sessions;
  }

  /** Whether {@code path} is a dashboard page (else the API, the upload, metrics ...). */
  public static boolean owns(String path) {
    return path.equals("/")
        || path.equals("/login")
        || path.equals("/logout")
        || path.startsWith("/domains/")
        || path.equals("/reports")
        || path.startsWith("/reports/");
  }

  /** Answers a path that {@link #owns} is true for. */
  public boolean handle(String path, Request request, Response response, Callback callback)
      throws Exception {
    String method = request.getMethod();
    if (path.equals("/login")) {
      return switch (method) {
        case "GET", "HEAD" -> login.form(request, response, callback);
        case "POST" -> login.login(request, response, callback);
        default -> notAllowed(response, callback, "GET, POST");
      };
    }
    if (path.equals("/logout")) {
      return method.equals("POST")
          ? login.logout(request, response, callback)
          : notAllowed(response, callback, "POST");
    }
    Optional<Sessions.Session> session = sessions.of(request);
    if (session.isEmpty()) {
      if (method.equals("GET") || method.equals("HEAD")) {
        HttpURI uri = request.getHttpURI();
        String next = uri.getPathQuery();
        return Templates.redirect(
            response, callback, "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      }
      return templates.send(
          response,
          callback,
          401,
          "message.jte",
          new MessageView(Frame.loggedOut("Log in"), "Log in first", "This needs a session."));
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return notAllowed(response, callback, "GET");
    }
    return notFound(session.get(), response, callback);
  }

  private boolean notFound(Sessions.Session session, Response response, Callback callback) {
    return templates.send(
        response,
        callback,
        404,
        "message.jte",
        new MessageView(Frame.of("Not found", session), "Not found", "There is no such page."));
  }

  private static boolean notAllowed(Response response, Callback callback, String allow) {
    response.getHeaders().put(HttpHeader.ALLOW, allow);
    return Templates.text(response, callback, 405, "method not allowed\n");
  }
}
