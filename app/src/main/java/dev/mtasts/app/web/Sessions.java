package dev.mtasts.app.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Server-side sessions of the dashboard. The cookie carries only a random identifier (256 bits);
 * the session lives here, in memory, and ends after {@link #IDLE} without a request, {@link
 * #LIFETIME} after login, at logout, or when serve restarts. Each session has its own CSRF token
 * (synchronizer token) that every state-changing form must send back.
 */
public final class Sessions {

  /** The session cookie: HttpOnly, SameSite=Strict, Secure when the login came over TLS. */
  public static final String COOKIE = "mtasts_session";

  /** A session unused this long ends. */
  public static final Duration IDLE = Duration.ofHours(2);

  /** A session ends this long after login, used or not. */
  public static final Duration LIFETIME = Duration.ofHours(12);

  /** Above this many live sessions, the oldest are dropped first. */
  static final int MAX_SESSIONS = 1000;

  /**
   * One logged-in browser.
   *
   * @param id the cookie's value
   * @param csrf the synchronizer token its forms carry
   * @param created when the login happened
   * @param lastSeen the last request
   */
  public record Session(String id, String csrf, Instant created, Instant lastSeen) {}

  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Sessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session after a successful login. */
  public Session create() {
    Instant now = clock.instant();
    byId.values().removeIf(s -> expired(s, now));
    while (byId.size() >= MAX_SESSIONS) {
      byId.values().stream()
          .min(Comparator.comparing(Session::created))
          .ifPresent(oldest -> byId.remove(oldest.id()));
    }
    Session s = new Session(randomToken(), randomToken(), now, now);
    byId.put(s.id(), s);
    return s;
  }

  /** The live session the request's cookie names, touched; empty when none or expired. */
  public Optional<Session> of(Request request) {
    return cookie(request, COOKIE).flatMap(this::find);
  }

  Optional<Session> find(String id) {
    Session s = byId.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(s, now)) {
      byId.remove(id);
      return Optional.empty();
    }
    Session touched = new Session(s.id(), s.csrf(), s.created(), now);
    byId.replace(id, s, touched);
    return Optional.of(touched);
  }

  /** Ends the session (logout). */
  public void end(Session s) {
    byId.remove(s.id());
  }

  private static boolean expired(Session s, Instant now) {
    return !now.isBefore(s.lastSeen().plus(IDLE)) || !now.isBefore(s.created().plus(LIFETIME));
  }

  String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code given} equals {@code expected}, in constant time. */
  static boolean same(String expected, String given) {
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<String> cookie(Request request, String name) {
    return Request.getCookies(request).stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** Sets cookie {@code name}: HttpOnly, SameSite=Strict, Path=/, Secure over TLS. */
  static void setCookie(Request request, Response response, String name, String value) {
    Response.addCookie(response, cookie(request, name, value).build());
  }

  /** Removes cookie {@code name} from the browser. */
  static void clearCookie(Request request, Response response, String name) {
    Response.addCookie(response, cookie(request, name, "").maxAge(0).build());
  }

  private static HttpCookie.Builder cookie(Request request, String name, String value) {
    return HttpCookie.build(name, value)
        .path("/")
        .httpOnly(true)
        .sameSite(HttpCookie.SameSite.STRICT)
        .secure(request.isSecure());
  }
}
