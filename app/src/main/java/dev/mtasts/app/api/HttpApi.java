package dev.mtasts.app.api;

import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.readiness.ReadinessService;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.SessionStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.app.web.Dashboard;
import dev.mtasts.app.web.Sessions;
import dev.mtasts.app.web.TrustedProxies;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every HTTP endpoint of {@code serve}, on each listener. Only {@code POST /v1/tlsrpt}, {@code
 * /healthz} and the dashboard's {@code /login} (and {@code /metrics} when configured public) answer
 * without the admin token ({@code Authorization: Bearer TOKEN}) or, for GET, a dashboard session;
 * anything else without it is 401, or a redirect to the login form for a dashboard page.
 */
public final class HttpApi extends Handler.Abstract {

  /**
   * What the endpoints need.
   *
   * @param adminToken the token the API and metrics require
   * @param metricsPublic whether {@code /metrics} answers without the token
   * @param maxBodyBytes the upload limit
   * @param limiter uploads per client
   * @param configuredDomains {@code reports.domains}, empty in no-config mode
   * @param proxies {@code http.trusted_proxies}: whose {@code X-Forwarded-For} names the client
   */
  public record Settings(
      String adminToken,
      boolean metricsPublic,
      long maxBodyBytes,
      RateLimiter limiter,
      List<String> configuredDomains,
      TrustedProxies proxies) {}

  private final ReportStore store;
  private final PrometheusMeterRegistry registry;
  private final UploadEndpoint upload;
  private final ReportsApi api;
  private final byte[] token;
  private final boolean metricsPublic;
  private final Dashboard dashboard;

  public HttpApi(
      Settings settings,
      IntakePipeline pipeline,
      ReportStore store,
      ReadinessService readiness,
      PrometheusMeterRegistry registry) {
    this.store = store;
    this.registry = registry;
    this.upload =
        new UploadEndpoint(
            pipeline, settings.maxBodyBytes(), settings.limiter(), settings.proxies());
    this.api = new ReportsApi(store, readiness, settings.configuredDomains());
    this.token = ("Bearer " + settings.adminToken()).getBytes(StandardCharsets.UTF_8);
    this.metricsPublic = settings.metricsPublic();
    this.dashboard =
        new Dashboard(
            settings.adminToken(),
            new Sessions(new SessionStore(store), Clock.systemUTC()),
            settings.proxies(),
            store.queries(),
            readiness,
            settings.configuredDomains(),
            Clock.systemUTC());
  }

  /** The dashboard's login sessions. */
  public Sessions sessions() {
    return dashboard.sessions();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    try {
      if (path.equals("/v1/tlsrpt")) {
        return upload.handle(request, response, callback);
      }
      if (path.equals("/healthz")) {
        boolean ok = store.isHealthy();
        return Exchange.send(
            response, callback, ok ? 200 : 503, Exchange.TEXT, ok ? "ok\n" : "store unavailable\n");
      }
      if (Dashboard.owns(path)) {
        return dashboard.handle(path, request, response, callback);
      }
      boolean isMetrics = path.equals("/metrics");
      if (!(isMetrics && metricsPublic) && !authorized(request)) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mtasts\"");
        return Exchange.error(
            response,
            callback,
            401,
            "UNAUTHORIZED",
            "send the admin token as Authorization: Bearer TOKEN");
      }
      if (isMetrics) {
        return Exchange.send(
            response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      }
      if (path.startsWith("/api/v1/") && api.handle(path, request, response, callback)) {
        return true;
      }
      return Exchange.error(response, callback, 404, "NOT_FOUND", "no such resource: " + path);
    } catch (StoreUnavailableException e) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "60");
      return Exchange.error(response, callback, 503, "STORE_UNAVAILABLE", e.getMessage());
    }
  }

  private boolean authorized(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header != null) {
      return MessageDigest.isEqual(token, header.strip().getBytes(StandardCharsets.UTF_8));
    }
    // a dashboard session reads (export links); it never changes anything without its CSRF token
    return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
        && dashboard.sessions().of(request).isPresent();
  }
}
