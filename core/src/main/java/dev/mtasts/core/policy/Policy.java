package dev.mtasts.core.policy;

import dev.mtasts.core.ParseResult;
import java.util.List;
import java.util.Objects;

/**
 * An MTA-STS policy (RFC 8461 §3.2): the mode, the allowed MX patterns, the cache lifetime in
 * seconds, and any extension fields, in the order read.
 *
 * @throws IllegalArgumentException from the constructor if {@code maxAge} is outside 0..{@value
 *     #MAX_MAX_AGE} or {@code mx} is empty while the mode is not {@code none}
 */
public record Policy(Mode mode, List<MxPattern> mx, long maxAge, List<Extension> extensions) {
  /** The largest {@code max_age} (RFC 8461 §3.2: "maximum value of 31557600"), one year. */
  public static final long MAX_MAX_AGE = 31_557_600L;

  /** The only version (RFC 8461 §3.2). */
  public static final String VERSION = "STSv1";

  private static final String CRLF = "\r\n";

  public Policy {
    Objects.requireNonNull(mode, "mode");
    mx = List.copyOf(mx);
    extensions = List.copyOf(extensions);
    if (maxAge < 0 || maxAge > MAX_MAX_AGE) {
      throw new IllegalArgumentException("max_age must be 0.." + MAX_MAX_AGE + ": " + maxAge);
    }
    if (mx.isEmpty() && mode != Mode.NONE) {
      throw new IllegalArgumentException("mode " + mode.token() + " needs at least one mx");
    }
  }

  /**
   * Reads a policy file strictly ({@link Leniency#STRICT}, what the domain owner must publish);
   * returns every error found, each with its line and column.
   */
  public static ParseResult<Policy> parse(String text) {
    return parse(text, Leniency.STRICT);
  }

  /**
   * Reads a policy file as {@code leniency} says: {@link Leniency#SENDER} to apply a fetched or
   * cached policy (RFC 8461 §3.2, §5), where harmless deviations are warnings.
   */
  public static ParseResult<Policy> parse(String text, Leniency leniency) {
    return PolicyParser.parse(text, leniency);
  }

  /**
   * Reads a policy body as fetched, strictly: UTF-8 (RFC 8461 §3.2 allows UTF-8 in extension
   * values), at most 64 KiB (§3.3); bytes that are not UTF-8 are an error ({@code
   * POLICY_ENCODING}).
   */
  public static ParseResult<Policy> parse(byte[] body) {
    return parse(body, Leniency.STRICT);
  }

  /** Reads a policy body as fetched ({@link #parse(byte[])}) as {@code leniency} says. */
  public static ParseResult<Policy> parse(byte[] body, Leniency leniency) {
    return PolicyParser.parse(body, leniency);
  }

  /** Whether the MX host matches at least one {@code mx} pattern (RFC 8461 §4.1). */
  public boolean matchesMx(String host) {
    return mx.stream().anyMatch(pattern -> pattern.matches(host));
  }

  /**
   * The canonical policy file: {@code version} first, then {@code mode}, one {@code mx} line per
   * pattern, {@code max_age}, and the extensions; every line ends in CRLF (RFC 8461 §3.2).
   */
  public String toText() {
    StringBuilder text = new StringBuilder();
    line(text, "version", VERSION);
    line(text, "mode", mode.token());
    mx.forEach(pattern -> line(text, "mx", pattern.pattern()));
    line(text, "max_age", Long.toString(maxAge));
    extensions.forEach(extension -> line(text, extension.name(), extension.value()));
    return text.toString();
  }

  private static void line(StringBuilder text, String name, String value) {
    text.append(name).append(": ").append(value).append(CRLF);
  }
}
