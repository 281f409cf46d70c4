package dev.mtasts.core.policy;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.util.Objects;

/**
 * One {@code mx} pattern of a policy (RFC 8461 §3.2): a host name such as {@code mail.example.com}
 * or a wildcard such as {@code *.example.net}, in A-label form. Kept as written (case included) so
 * the policy writes back unchanged; matching ignores case.
 */
public record MxPattern(String pattern) {
  private static final String WILDCARD = "*.";

  /**
   * @throws IllegalArgumentException if {@code pattern} is not {@code ["*."] Domain} (use {@link
   *     #parse} for untrusted input)
   */
  public MxPattern {
    Objects.requireNonNull(pattern, "pattern");
    DomainNames.Flaw flaw = flaw(pattern);
    if (flaw != null) {
      throw new IllegalArgumentException(flaw.message() + ": " + pattern);
    }
  }

  /**
   * Reads a pattern ({@code sts-policy-mx-value = ["*."] Domain}); errors carry code {@code
   * POLICY_MX_INVALID} or {@code POLICY_MX_NOT_A_LABEL} and the 1-based column in {@code text}.
   */
  public static ParseResult<MxPattern> parse(String text) {
    DomainNames.Flaw flaw = flaw(text);
    if (flaw != null) {
      return ParseResult.err(Problem.at(flaw.code(), flaw.message(), 1, flaw.index() + 1));
    }
    return ParseResult.ok(new MxPattern(text));
  }

  private static DomainNames.Flaw flaw(String text) {
    if (text.startsWith(WILDCARD)) {
      DomainNames.Flaw flaw = DomainNames.check(text.substring(WILDCARD.length()));
      return flaw == null
          ? null
          : new DomainNames.Flaw(flaw.code(), flaw.message(), flaw.index() + WILDCARD.length());
    }
    return DomainNames.check(text);
  }

  /** Whether this is a {@code *.} pattern. */
  public boolean wildcard() {
    return pattern.startsWith(WILDCARD);
  }

  /**
   * The form Postfix's TLS policy tables use: {@code .example.com} for {@code *.example.com}, the
   * name itself otherwise.
   */
  public String postfixForm() {
    return wildcard() ? pattern.substring(1) : pattern;
  }

  /**
   * Whether the MX host name {@code host} matches (RFC 8461 §4.1, RFC 6125 §6.4): ASCII
   * case-insensitive, one trailing dot of the host ignored, and {@code *} standing for exactly one
   * whole left-most label: {@code *.example.com} matches {@code mail.example.com} but neither
   * {@code example.com} nor {@code foo.bar.example.com}. Malformed hosts simply do not match.
   */
  public boolean matches(String host) {
    if (host == null) {
      return false;
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (!wildcard()) {
      return equalsAscii(name, 0, pattern);
    }
    String suffix = pattern.substring(1); // ".example.com"
    int labelLength = name.length() - suffix.length();
    return labelLength > 0
        && name.indexOf('.') == labelLength
        && equalsAscii(name, labelLength, suffix);
  }

  /** ASCII-only case folding: a Unicode fold (the Kelvin sign to 'k') must not make names equal. */
  private static boolean equalsAscii(String a, int from, String b) {
    if (a.length() - from != b.length()) {
      return false;
    }
    for (int i = 0; i < b.length(); i++) {
      if (lowerAscii(a.charAt(from + i)) != lowerAscii(b.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
