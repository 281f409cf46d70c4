package dev.mtasts.app.web;

import dev.mtasts.app.readiness.ReadinessService;
import dev.mtasts.app.store.Period;
import dev.mtasts.app.store.ReportQueries;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The dashboard's routes and their gate. {@code /login} answers anyone; every other page needs a
 * live session: a browser without one is sent to the login form (303), and any method but GET needs
 * the session's CSRF token too.
 */
public final class Dashboard {

  private final Sessions sessions;
  private final LoginFlow login;
  private final Templates templates = new Templates();
  private final ReportQueries queries;
  private final List<String> configuredDomains;
  private final OverviewPage overview;
  private final DomainPages domainPages;
  private final ReportPages reportPages;

  /**
   * @param adminToken the token the login form takes
   * @param sessions the login sessions
   * @param proxies whose {@code X-Forwarded-For} names the client (for the lockout and the logs)
   * @param queries the JSON API's queries, which every page shows
   * @param readiness the enforce-readiness verdicts (the API's too)
   * @param configuredDomains {@code reports.domains}; empty in no-config mode
   * @param clock for lockouts
   */
  public Dashboard(
      String adminToken,
      Sessions sessions,
      TrustedProxies proxies,
      ReportQueries queries,
      ReadinessService readiness,
      List<String> configuredDomains,
      Clock clock) {
    this.sessions = sessions;
    this.login = new LoginFlow(adminToken, sessions, new LoginThrottle(clock), proxies, templates);
    this.queries = queries;
    this.configuredDomains = List.copyOf(configuredDomains);
    this.overview = new OverviewPage(queries, readiness, configuredDomains);
    this.domainPages = new DomainPages(queries, readiness);
    this.reportPages = new ReportPages(queries);
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
    Sessions.Session s = session.get();
    Fields query = Request.extractQueryParameters(request);
    try {
      if (path.equals("/")) {
        return templates.send(response, callback, 200, "overview.jte", overview.view(s));
      }
      if (path.equals("/reports")) {
        return templates.send(response, callback, 200, "reports.jte", reportPages.list(s, query));
      }
      if (path.startsWith("/reports/")) {
        return report(s, path.substring("/reports/".length()), response, callback);
      }
      return domain(s, path.substring("/domains/".length()), request, query, response, callback);
    } catch (PeriodParam.BadPeriod e) {
      return templates.send(
          response,
          callback,
          400,
          "message.jte",
          new MessageView(Frame.of("Bad request", s), "Bad request", e.getMessage()));
    }
  }

  private boolean report(Sessions.Session s, String id, Response response, Callback callback) {
    Optional<ReportView> view = Optional.empty();
    if (id.matches("[0-9]{1,18}")) {
      view = reportPages.detail(s, Long.parseLong(id));
    }
    return view.isPresent()
        ? templates.send(response, callback, 200, "report.jte", view.get())
        : notFound(s, response, callback);
  }

  private boolean domain(
      Sessions.Session s,
      String name,
      Request request,
      Fields query,
      Response response,
      Callback callback)
      throws PeriodParam.BadPeriod {
    ParseResult<Domain> parsed = name.contains("/") ? null : Domain.parse(name);
    if (parsed == null || !parsed.errors().isEmpty()) {
      return notFound(s, response, callback);
    }
    Domain domain = parsed.orThrow();
    if (!domain.ascii().equals(name)) {
      // one address per domain: its A-label (config.md)
      String q = request.getHttpURI().getQuery();
      return Templates.redirect(
          response,
          callback,
          "/domains/" + ApiLinks.encode(domain.ascii()) + (q == null ? "" : "?" + q));
    }
    if (!configuredDomains.contains(domain.ascii()) && !queries.hasReports(domain.ascii())) {
      return notFound(s, response, callback);
    }
    Period period = PeriodParam.parse(query, queries.today());
    return templates.send(
        response,
        callback,
        200,
        "domain.jte",
        domainPages.view(s, domain.ascii(), domain.unicode(), period, query.getValue("last")));
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
