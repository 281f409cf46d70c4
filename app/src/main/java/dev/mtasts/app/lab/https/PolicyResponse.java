package dev.mtasts.app.lab.https;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy host answers at {@code /.well-known/mta-sts.txt}.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type header
 * @param location the Location header, for redirects
 * @param body the body
 */
public record PolicyResponse(
    int status, String contentType, Optional<String> location, byte[] body) {

  public PolicyResponse {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(location, "location");
    body = body.clone();
  }

  /** A 200 response with {@code text} in UTF-8. */
  public static PolicyResponse ok(String contentType, String text) {
    return new PolicyResponse(
        200, contentType, Optional.empty(), text.getBytes(StandardCharsets.UTF_8));
  }

  /** A response with no meaningful body. */
  public static PolicyResponse status(int status, String reason) {
    return new PolicyResponse(
        status,
        "text/plain; charset=utf-8",
        Optional.empty(),
        (reason + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** A 301 to {@code location}. */
  public static PolicyResponse redirect(String location) {
    return new PolicyResponse(
        301,
        "text/plain; charset=utf-8",
        Optional.of(location),
        ("Moved to " + location + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
