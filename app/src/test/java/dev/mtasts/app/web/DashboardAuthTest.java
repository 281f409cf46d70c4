package dev.mtasts.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mtasts.app.testing.TestPostgres;
import dev.mtasts.app.testing.TestServe;
import dev.mtasts.app.testing.WebClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's login, sessions, CSRF, lockout and headers over real HTTP against a real serve
 * (no browser: every cookie and header is checked by hand).
 */
class DashboardAuthTest {

  private static final String TOKEN = TestServe.TOKEN;

  @TempDir Path dir;

  @RegisterExtension final TestServe serve = new TestServe();

  private TestServe start(String yaml) throws Exception {
    return serve.start(dir, yaml);
  }

  @Test
  void anonymousPagesRedirectToTheLoginAndShowNoData() throws Exception {
    WebClient web = start("").web();
    for (String path :
        List.of("/", "/domains/example.org", "/reports", "/reports/1", "/reports?domain=x")) {
      HttpResponse<String> r = web.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(303);
      assertThat(r.headers().firstValue("Location").orElseThrow())
          .as(path)
          .endsWith("/login?next=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
      assertThat(r.body()).as(path).doesNotContain("example.org");
    }
  }

  @Test
  void anonymousApiAndMetricsAre401AndOnlyLoginHealthzAndUploadAnswer() throws Exception {
    WebClient web = start("").web();
    for (String path :
        List.of(
            "/api/v1/domains",
            "/api/v1/domains/example.org/summary",
            "/api/v1/openapi.json",
            "/metrics",
            "/anything")) {
      assertThat(web.get(path).statusCode()).as(path).isEqualTo(401);
    }
    assertThat(web.get("/login").statusCode()).isEqualTo(200);
    assertThat(web.get("/healthz").statusCode()).isEqualTo(200);
    // a POST to a page without a session changes nothing and shows nothing
    HttpResponse<String> post = web.post("/", Map.of("x", "y"));
    assertThat(post.statusCode()).isEqualTo(401);
  }

  @Test
  void theLoginFormHasATokenFieldAndTheHeadersAllowNoScriptNoFramingNoSniffing() throws Exception {
    WebClient web = start("").web();
    HttpResponse<String> r = web.get("/login");
    assertThat(r.body()).contains("name=\"token\"").contains("type=\"password\"");
    assertThat(r.body()).doesNotContain("<script");
    String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .startsWith("default-src 'none';")
        .contains("frame-ancestors 'none'", "form-action 'self'")
        .doesNotContain("unsafe-inline", "script-src");
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    // the inline stylesheet is the one the CSP's hash allows
    String body = r.body();
    String css = body.substring(body.indexOf("<style>") + 7, body.indexOf("</style>"));
    String hash =
        Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256").digest(css.getBytes(StandardCharsets.UTF_8)));
    assertThat(csp).contains("style-src 'sha256-" + hash + "'");
    // the API's answers carry the headers too
    assertThat(web.get("/healthz").headers().firstValue("X-Content-Type-Options"))
        .hasValue("nosniff");
  }

  @Test
  void aGoodTokenStartsASessionWithAStrictHttpOnlyCookieThatTheApiAcceptsForGet() throws Exception {
    WebClient web = start("").web();
    HttpResponse<String> r = web.login(TOKEN);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/");
    String cookie = WebClient.setCookie(r, Sessions.COOKIE).orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/");
    assertThat(cookie).doesNotContainIgnoringCase("secure"); // plain HTTP: no Secure flag
    assertThat(cookie).doesNotContain(TOKEN);
    String session = Sessions.COOKIE + "=" + WebClient.cookieValue(cookie);
    assertThat(web.get("/api/v1/domains", "Cookie", session).statusCode()).isEqualTo(200);
    assertThat(web.get("/metrics", "Cookie", session).statusCode()).isEqualTo(200);
    // the cookie never authorizes anything but reading
    assertThat(web.post("/api/v1/domains", Map.of(), "Cookie", session).statusCode())
        .isEqualTo(401);
    // Bearer still works, and a wrong Bearer is not rescued by a cookie
    assertThat(web.get("/api/v1/domains", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(200);
    assertThat(
            web.get("/api/v1/domains", "Authorization", "Bearer nope", "Cookie", session)
                .statusCode())
        .isEqualTo(401);
    // a made-up session is nobody
    assertThat(web.get("/api/v1/domains", "Cookie", Sessions.COOKIE + "=forged").statusCode())
        .isEqualTo(401);
  }

  @Test
  void overTlsTheSessionCookieIsSecure() throws Exception {
    TestServe.Tls tls = TestServe.tls(dir);
    start(tls.yaml());
    WebClient web = serve.https(tls);
    assertThat(WebClient.setCookie(web.get("/login"), Csrf.LOGIN_COOKIE).orElseThrow())
        .contains("Secure");
    HttpResponse<String> r = web.login(TOKEN);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(WebClient.setCookie(r, Sessions.COOKIE).orElseThrow())
        .contains("Secure", "HttpOnly", "SameSite=Strict");
  }

  @Test
  void aLoginWithoutItsCsrfTokenOrFromAnotherOriginIsRefused() throws Exception {
    WebClient web = start("").web();
    WebClient.LoginForm f = web.loginForm();
    String cookie = Csrf.LOGIN_COOKIE + "=" + f.cookie();
    List<HttpResponse<String>> refused =
        List.of(
            // no csrf field
            web.post("/login", Map.of("token", TOKEN), "Cookie", cookie),
            // no cookie (a cross-site request does not carry a SameSite=Strict cookie)
            web.post("/login", Map.of("token", TOKEN, "csrf", f.csrf())),
            // a wrong csrf value
            web.post("/login", Map.of("token", TOKEN, "csrf", "x" + f.csrf()), "Cookie", cookie),
            // everything right but posted from another origin
            web.post(
                "/login",
                Map.of("token", TOKEN, "csrf", f.csrf()),
                "Cookie",
                cookie,
                "Origin",
                "http://evil.example"),
            web.post(
                "/login",
                Map.of("token", TOKEN, "csrf", f.csrf()),
                "Cookie",
                cookie,
                "Referer",
                "http://evil.example/page"),
            web.post(
                "/login",
                Map.of("token", TOKEN, "csrf", f.csrf()),
                "Cookie",
                cookie,
                "Sec-Fetch-Site",
                "cross-site"));
    for (HttpResponse<String> r : refused) {
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(WebClient.setCookie(r, Sessions.COOKIE)).isEmpty();
    }
  }

  @Test
  void logoutNeedsTheSessionsCsrfTokenAndEndsTheSession() throws Exception {
    WebClient web = start("").web();
    WebClient.Session s = web.session(TOKEN);
    assertThat(web.post("/logout", Map.of(), "Cookie", s.cookie()).statusCode()).isEqualTo(403);
    assertThat(web.post("/logout", Map.of("csrf", "forged"), "Cookie", s.cookie()).statusCode())
        .isEqualTo(403);
    assertThat(web.get("/api/v1/domains", "Cookie", s.cookie()).statusCode()).isEqualTo(200);
    HttpResponse<String> out =
        web.post("/logout", Map.of("csrf", s.csrf()), "Cookie", s.cookie(), "Origin", web.origin());
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(WebClient.setCookie(out, Sessions.COOKIE).orElseThrow())
        .contains("Expires=Thu, 01 Jan 1970");
    assertThat(web.get("/api/v1/domains", "Cookie", s.cookie()).statusCode()).isEqualTo(401);
    assertThat(web.get("/", "Cookie", s.cookie()).statusCode()).isEqualTo(303);
  }

  @Test
  void aSessionSurvivesARestartOfServeUntilLogout() throws Exception {
    WebClient.Session s = start("").login();
    WebClient web = serve.restart().web();
    assertThat(web.get("/", "Cookie", s.cookie()).statusCode()).isEqualTo(200);
    assertThat(web.get("/api/v1/domains", "Cookie", s.cookie()).statusCode()).isEqualTo(200);
    HttpResponse<String> out =
        web.post("/logout", Map.of("csrf", s.csrf()), "Cookie", s.cookie(), "Origin", web.origin());
    assertThat(out.statusCode()).isEqualTo(303);
    web = serve.restart().web();
    assertThat(web.get("/", "Cookie", s.cookie()).statusCode()).isEqualTo(303);
  }

  @Test
  void twoServesOnOnePostgresShareTheSessions(@TempDir Path other) throws Exception {
    String database = "database: " + TestPostgres.freshSchemaUrl() + "\n";
    WebClient.Session s = start(database).login();
    try (TestServe second = new TestServe().start(other, database)) {
      WebClient web = second.web();
      assertThat(web.get("/", "Cookie", s.cookie()).statusCode()).isEqualTo(200);
      HttpResponse<String> out =
          web.post(
              "/logout", Map.of("csrf", s.csrf()), "Cookie", s.cookie(), "Origin", web.origin());
      assertThat(out.statusCode()).isEqualTo(303);
    }
    assertThat(serve.web().get("/", "Cookie", s.cookie()).statusCode()).isEqualTo(303);
  }

  @Test
  void repeatedBadTokensLockTheAddressOutEvenForTheRightToken() throws Exception {
    WebClient web = start("").web();
    for (int i = 1; i < LoginThrottle.FREE_FAILURES; i++) {
      HttpResponse<String> r = web.login("wrong-" + i);
      assertThat(r.statusCode()).as("attempt " + i).isEqualTo(401);
      assertThat(r.body()).contains("not the admin token").doesNotContain("wrong-" + i);
    }
    assertThat(web.login("wrong-last").statusCode()).isEqualTo(401); // this one locks
    HttpResponse<String> locked = web.login(TOKEN);
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.headers().firstValue("Retry-After").orElseThrow()).isEqualTo("30");
    assertThat(WebClient.setCookie(locked, Sessions.COOKIE)).isEmpty();
  }

  @Test
  void withoutTrustedProxiesXForwardedForCannotDodgeTheLockout() throws Exception {
    WebClient web = start("").web();
    for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
      // a new address in the header each time: not believed, the peer is locked out
      HttpResponse<String> r = web.login("wrong-" + i, "X-Forwarded-For", "203.0.113." + i);
      assertThat(r.statusCode()).isEqualTo(401);
    }
    assertThat(web.login(TOKEN, "X-Forwarded-For", "203.0.113.99").statusCode()).isEqualTo(429);
  }

  @Test
  void behindATrustedProxyTheLockoutAndTheLogsAreTheClients() throws Exception {
    WebClient web = start("  trusted_proxies: [127.0.0.0/8]\n").web();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger loginLog = (Logger) LoggerFactory.getLogger(LoginFlow.class);
    log.start();
    loginLog.addAppender(log);
    try {
      for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
        HttpResponse<String> r = web.login("wrong-" + i, "X-Forwarded-For", "203.0.113.9");
        assertThat(r.statusCode()).isEqualTo(401);
      }
    } finally {
      loginLog.detachAppender(log);
    }
    assertThat(log.list.getLast().getFormattedMessage())
        .startsWith("login: bad token from 203.0.113.9 (5 in a row), locked out for 30 s");
    assertThat(web.login(TOKEN, "X-Forwarded-For", "203.0.113.9").statusCode()).isEqualTo(429);
    // another client behind the same proxy is not locked out
    assertThat(web.login(TOKEN, "X-Forwarded-For", "203.0.113.10").statusCode()).isEqualTo(303);
    // a client prepending an address of its choice is still itself (the right-most untrusted)
    assertThat(web.login(TOKEN, "X-Forwarded-For", "198.51.100.1, 203.0.113.9").statusCode())
        .isEqualTo(429);
    // the proxy itself, without the header, is another client
    assertThat(web.login(TOKEN).statusCode()).isEqualTo(303);
  }

  /** A login as a browser sends it through a proxy that terminates TLS for {@code web}. */
  private static HttpResponse<String> loginBehindTls(WebClient web, String... headers)
      throws Exception {
    WebClient.LoginForm f = web.loginForm();
    List<String> all =
        new ArrayList<>(
            List.of(
                "Cookie",
                Csrf.LOGIN_COOKIE + "=" + f.cookie(),
                "Origin",
                "https://" + web.base.getRawAuthority()));
    all.addAll(List.of(headers));
    return web.post("/login", Map.of("token", TOKEN, "csrf", f.csrf()), all.toArray(String[]::new));
  }

  @Test
  void behindATrustedProxyThatTerminatesTlsTheLoginWorksAndItsCookieIsSecure() throws Exception {
    WebClient web = start("  trusted_proxies: [127.0.0.0/8]\n").web();
    HttpResponse<String> r = loginBehindTls(web, "X-Forwarded-Proto", "https");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(WebClient.setCookie(r, Sessions.COOKIE).orElseThrow())
        .containsIgnoringCase("Secure");
    // the proxy nearest us speaks last: a client's own "https" before its "http" changes nothing
    assertThat(loginBehindTls(web, "X-Forwarded-Proto", "https, http").statusCode()).isEqualTo(403);
  }

  @Test
  void xForwardedProtoFromAnUntrustedPeerIsIgnored() throws Exception {
    WebClient web = start("  trusted_proxies: [10.9.9.0/24]\n").web();
    assertThat(loginBehindTls(web, "X-Forwarded-Proto", "https").statusCode()).isEqualTo(403);
    HttpResponse<String> plain = web.login(TOKEN, "X-Forwarded-Proto", "https");
    assertThat(plain.statusCode()).isEqualTo(303);
    assertThat(WebClient.setCookie(plain, Sessions.COOKIE).orElseThrow())
        .doesNotContainIgnoringCase("Secure");
  }

  @Test
  void aPeerOutsideTheTrustedProxiesCannotChooseItsAddress() throws Exception {
    // only 10.9.9.0/24 is trusted: the loopback peer's header is ignored
    WebClient web = start("  trusted_proxies: [10.9.9.0/24]\n").web();
    for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
      assertThat(web.login("wrong-" + i, "X-Forwarded-For", "203.0.113." + i).statusCode())
          .isEqualTo(401);
    }
    assertThat(web.login(TOKEN, "X-Forwarded-For", "203.0.113.99").statusCode()).isEqualTo(429);
  }

  @Test
  void theNextPathAfterLoginStaysOnThisSite() throws Exception {
    WebClient web = start("").web();
    for (String next : List.of("//evil.example/x", "/\\evil.example", "https://evil.example/")) {
      WebClient.LoginForm f = web.loginForm();
      HttpResponse<String> r =
          web.post(
              "/login",
              Map.of("token", TOKEN, "csrf", f.csrf(), "next", next),
              "Cookie",
              Csrf.LOGIN_COOKIE + "=" + f.cookie());
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(URI.create(r.headers().firstValue("Location").orElseThrow()).getPath())
          .as(next)
          .isEqualTo("/");
      assertThat(r.headers().firstValue("Location").orElseThrow()).doesNotContain("evil");
    }
  }
}
