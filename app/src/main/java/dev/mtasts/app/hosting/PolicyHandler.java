package dev.mtasts.app.hosting;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code GET} and {@code HEAD} of {@code /.well-known/mta-sts.txt} for each hosted policy
 * host (RFC 8461 §3.3) and 404 to everything else: another path, a host that is not {@code
 * mta-sts.<hosted domain>}, no host. Never a redirect: senders must not follow one (§3.3). The
 * served set is replaced whole by {@link #serve}, so that a request sees one configuration.
 */
final class PolicyHandler extends Handler.Abstract.NonBlocking {

  /** The only path served (RFC 8461 §3.3). */
  static final String PATH = "/.well-known/mta-sts.txt";

  /** RFC 8461 §3.2: the media type is text/plain; the policy may hold UTF-8 extension values. */
  static final String CONTENT_TYPE = "text/plain; charset=utf-8";

  /**
   * Short, so that an edited policy reaches anything that caches HTTP quickly; senders cache by
   * max_age and the TXT id, not by this header.
   */
  static final String CACHE_CONTROL = "max-age=60";

  private static final HttpField CONTENT_TYPE_FIELD =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
  private static final HttpField CACHE_FIELD =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, CACHE_CONTROL);
  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
  private static final HttpField ALLOW = new PreEncodedHttpField(HttpHeader.ALLOW, "GET, HEAD");
  private static final HttpField NOSNIFF =
      new PreEncodedHttpField("X-Content-Type-Options", "nosniff");

  /** Policy host name (lower case) to its policy. */
  private volatile Map<String, HostedPolicy> byHost = Map.of();

  /** From now on, serve exactly these policies. */
  void serve(List<HostedPolicy> policies) {
    byHost =
        Map.copyOf(
            policies.stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        p -> HostedDomain.HOST_PREFIX + p.domain(), p -> p)));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    HttpURI uri = request.getHttpURI();
    HostedPolicy policy = policyFor(uri.getHost());
    HttpFields.Mutable headers = response.getHeaders();
    headers.add(NOSNIFF);
    if (policy == null || !PATH.equals(uri.getPath())) {
      headers.add(NO_STORE);
      return status(response, HttpStatus.NOT_FOUND_404, callback);
    }
    String method = request.getMethod();
    boolean head = HttpMethod.HEAD.is(method);
    if (!head && !HttpMethod.GET.is(method)) {
      headers.add(ALLOW);
      return status(response, HttpStatus.METHOD_NOT_ALLOWED_405, callback);
    }
    String etag = policy.etag();
    headers.add(HttpHeader.ETAG, etag);
    headers.add(CACHE_FIELD);
    // RFC 9110 §13.1.2: If-None-Match that matches the current entity tag: 304, no body.
    if (matches(request.getHeaders().getValuesList(HttpHeader.IF_NONE_MATCH), policy.id())) {
      return status(response, HttpStatus.NOT_MODIFIED_304, callback);
    }
    response.setStatus(HttpStatus.OK_200);
    headers.add(CONTENT_TYPE_FIELD);
    headers.put(HttpHeader.CONTENT_LENGTH, policy.length());
    response.write(true, head ? null : policy.bodyBuffer(), callback);
    return true;
  }

  private HostedPolicy policyFor(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return byHost.get(name);
  }

  private static boolean status(Response response, int status, Callback callback) {
    response.setStatus(status);
    if (status != HttpStatus.NOT_MODIFIED_304) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    }
    response.write(true, null, callback);
    return true;
  }

  /**
   * Weak comparison (RFC 9110 §8.8.3.2, as §13.1.2 asks for If-None-Match): {@code *}, or any
   * listed tag whose opaque part is the id, with or without {@code W/}.
   */
  static boolean matches(List<String> ifNoneMatch, String id) {
    for (String value : ifNoneMatch) {
      for (String tag : value.split(",")) {
        String t = tag.strip();
        if (t.equals("*")) {
          return true;
        }
        if (t.startsWith("W/")) {
          t = t.substring(2);
        }
        if (t.length() == id.length() + 2
            && t.charAt(0) == '"'
            && t.endsWith("\"")
            && t.regionMatches(1, id, 0, id.length())) {
          return true;
        }
      }
    }
    return false;
  }
}
