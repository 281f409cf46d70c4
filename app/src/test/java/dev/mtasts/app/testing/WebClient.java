package dev.mtasts.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.web.Csrf;
import dev.mtasts.app.web.Sessions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A plain HTTP client that plays the browser's part: cookies and form fields by hand. */
public final class WebClient {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  public final URI base;
  public final HttpClient http;

  public WebClient(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  public WebClient(URI base) {
    this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  public HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, Map<String, String> form, String... headers)
      throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of cookie {@code name} the response sets, with its attributes. */
  public static Optional<String> setCookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst();
  }

  public static String cookieValue(String setCookie) {
    String pair = setCookie.split(";", 2)[0];
    return pair.substring(pair.indexOf('=') + 1);
  }

  public static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    assertThat(m.find()).as("a csrf field in " + html).isTrue();
    return m.group(1);
  }

  /** The login form's token and its cookie. */
  public record LoginForm(String csrf, String cookie) {}

  public LoginForm loginForm() throws Exception {
    HttpResponse<String> form = get("/login");
    assertThat(form.statusCode()).isEqualTo(200);
    String cookie = cookieValue(setCookie(form, Csrf.LOGIN_COOKIE).orElseThrow());
    return new LoginForm(csrf(form.body()), cookie);
  }

  public HttpResponse<String> login(String token, String... headers) throws Exception {
    LoginForm f = loginForm();
    List<String> all =
        new ArrayList<>(
            List.of("Cookie", Csrf.LOGIN_COOKIE + "=" + f.cookie(), "Origin", origin()));
    all.addAll(List.of(headers));
    return post("/login", Map.of("token", token, "csrf", f.csrf()), all.toArray(String[]::new));
  }

  /** A logged-in session: its cookie header and its CSRF token. */
  public record Session(String cookie, String csrf) {}

  public Session session(String token) throws Exception {
    HttpResponse<String> r = login(token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String cookie =
        Sessions.COOKIE + "=" + cookieValue(setCookie(r, Sessions.COOKIE).orElseThrow());
    HttpResponse<String> page = get("/", "Cookie", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    return new Session(cookie, csrf(page.body()));
  }

  public String origin() {
    return base.getScheme() + "://" + base.getRawAuthority();
  }
}
