package dev.mtasts.app.web;

import dev.mtasts.app.store.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Server-side sessions of the dashboard. The cookie carries only a random identifier (256 bits);
 * the session is stored in the store's database under the identifier's SHA-256, never the
 * identifier itself, so it survives a restart of serve and is known to every serve on the same
 * PostgreSQL. It ends after {@link #IDLE} without a request, {@link #LIFETIME} after login, or at
 * logout. Each session has its own CSRF token (synchronizer token) that every state-changing form
 * must send back.
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

  /** A request is recorded (a write) at most this often per session. */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  /**
   * One logged-in browser.
   *
   * @param id the cookie's value (known only while its request is handled)
   * @param csrf the synchronizer token its forms carry
   * @param created when the login happened
   * @param lastSeen the last request recorded
   */
  public record Session(String id, String csrf, Instant created, Instant lastSeen) {}

  private final SessionStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public Sessions(SessionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A new session after a successful login. */
  public Session create() {
    Instant now = clock.instant();
    Session s = new Session(randomToken(), randomToken(), now, now);
    store.create(
        new SessionStore.Row(hash(s.id()), s.csrf(), now, now, expiry(now, now)), MAX_SESSIONS);
    return s;
  }

  /** The live session the request's cookie names, touched; empty when none or expired. */
  public Optional<Session> of(Request request) {
    return cookie(request, COOKIE).flatMap(this::find);
  }

  Optional<Session> find(String id) {
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String hash = hash(id);
    Optional<SessionStore.Row> row = store.find(hash);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    SessionStore.Row r = row.get();
    if (!now.isBefore(r.expiresAt())) {
      store.delete(hash);
      return Optional.empty();
    }
    Instant lastSeen = r.lastSeen();
    if (!now.isBefore(lastSeen.plus(TOUCH_EVERY))) {
      lastSeen = now;
      store.touch(hash, now, expiry(r.created(), now));
    }
    return Optional.of(new Session(id, r.csrf(), r.created(), lastSeen));
  }

  /** Ends the session (logout). */
  public void end(Session s) {
    store.delete(hash(s.id()));
  }

  /**
   * Deletes the expired sessions from the store.
   *
   * @return how many
   */
  public int purgeExpired() {
    return store.deleteExpired(clock.instant());
  }

  private static Instant expiry(Instant created, Instant lastSeen) {
    Instant idle = lastSeen.plus(IDLE);
    Instant end = created.plus(LIFETIME);
    return idle.isBefore(end) ? idle : end;
  }

  /** The SHA-256 of the cookie's value, in hex: what the store keys a session by. */
  static String hash(String id) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
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

  /**
   * Sets cookie {@code name}: HttpOnly, SameSite=Strict, Path=/, Secure when the browser reached us
   * over TLS ({@code secure}, {@link TrustedProxies#secure}).
   */
  static void setCookie(Response response, boolean secure, String name, String value) {
    Response.addCookie(response, cookie(secure, name, value).build());
  }

  /** Removes cookie {@code name} from the browser. */
  static void clearCookie(Response response, boolean secure, String name) {
    Response.addCookie(response, cookie(secure, name, "").maxAge(0).build());
  }

  private static HttpCookie.Builder cookie(boolean secure, String name, String value) {
    return HttpCookie.build(name, value)
        .path("/")
        .httpOnly(true)
        .sameSite(HttpCookie.SameSite.STRICT)
        .secure(secure);
  }
}
