package dev.mtasts.core.fetch;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The status line and header fields of an HTTP/1.1 response (RFC 9112 §4, §5).
 *
 * @param status the three-digit status code
 * @param reason the reason phrase, possibly empty
 * @param headers the header fields in order, names as sent
 */
public record ResponseHead(int status, String reason, List<Header> headers) {

  public ResponseHead {
    headers = List.copyOf(headers);
  }

  /** One header field. */
  public record Header(String name, String value) {}

  /** The value of the first field named {@code name} (case-insensitive). */
  public Optional<String> first(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst();
  }

  /** Every value of the fields named {@code name} (case-insensitive). */
  public List<String> all(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .toList();
  }

  public Optional<String> location() {
    return first("Location");
  }

  public Optional<String> contentType() {
    return first("Content-Type");
  }

  /** The media type ({@code type/subtype}) of the Content-Type, lower case, without parameters. */
  public Optional<String> mediaType() {
    return contentType()
        .map(v -> v.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
        .filter(v -> !v.isEmpty());
  }
}
