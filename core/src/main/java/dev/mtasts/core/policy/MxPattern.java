package dev.mtasts.core.policy;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.domain.DomainCodes;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code mx} pattern of a policy (RFC 8461 §3.2): a host name such as {@code mail.example.com}
 * or a wildcard such as {@code *.example.net}, in A-label form. Kept as written (case included) so
 * the policy writes back unchanged; matching ignores case.
 */
public record MxPattern(String pattern) {
  private static final String POLICY_MX_INVALID = PolicyCodes.POLICY_MX_INVALID;
  private static final String POLICY_MX_NOT_A_LABEL = PolicyCodes.POLICY_MX_NOT_A_LABEL;
  private static final String WILDCARD = "*.";

  /**
   * @throws IllegalArgumentException if {@code pattern} is not {@code ["*."] Domain} (use {@link
   *     #parse} for untrusted input)
   */
  public MxPattern {
    Objects.requireNonNull(pattern, "pattern");
    Problem flaw = flaw(pattern);
    if (flaw != null) {
      throw new IllegalArgumentException(flaw.message() + ": " + pattern);
    }
  }

  /**
   * Reads a pattern ({@code sts-policy-mx-value = ["*."] Domain}); errors carry code {@code
   * POLICY_MX_INVALID} or {@code POLICY_MX_NOT_A_LABEL} and the 1-based column in {@code text}.
   */
  public static ParseResult<MxPattern> parse(String text) {
    Problem flaw = flaw(text);
    return flaw != null ? ParseResult.err(flaw) : ParseResult.ok(new MxPattern(text));
  }

  /**
   * The first flaw of {@code text} as a pattern: the part after {@code *.} must be a {@link Domain}
   * as written, in A-labels and without a trailing dot (RFC 5321 §4.1.2, RFC 8461 §3.2).
   */
  private static Problem flaw(String text) {
    int offset = text.startsWith(WILDCARD) ? WILDCARD.length() : 0;
    String name = text.substring(offset);
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) > 0x7F) {
        return at(POLICY_MX_NOT_A_LABEL, nonAsciiMessage(name), offset + i);
      }
    }
    boolean trailingDot = name.endsWith(".");
    ParseResult<Domain> domain =
        Domain.parse(trailingDot ? name.substring(0, name.length() - 1) : name);
    // RFC 5321 §4.1.2 allows an all-numeric last label; such a pattern only never names a host
    // (RFC 1123 §2.1)
    Problem problem =
        domain.errors().stream()
            .filter(p -> !p.code().equals(DomainCodes.DOMAIN_NUMERIC_TLD))
            .findFirst()
            .orElse(null);
    if (problem == null) {
      return trailingDot
          ? at(POLICY_MX_INVALID, "trailing dot not allowed", text.length() - 1)
          : null;
    }
    int index = offset + problem.column() - 1;
    return switch (problem.code()) {
      case DomainCodes.DOMAIN_A_LABEL_INVALID, DomainCodes.DOMAIN_U_LABEL_INVALID ->
          at(POLICY_MX_NOT_A_LABEL, problem.message(), index);
      case DomainCodes.DOMAIN_CHARACTER ->
          at(
              POLICY_MX_INVALID,
              text.charAt(index) == '*'
                  ? "'*' is only allowed as the whole left-most label, as in *.example.com"
                  : problem.message(),
              index);
      default -> at(POLICY_MX_INVALID, problem.message(), index);
    };
  }

  private static String nonAsciiMessage(String name) {
    return "non-ASCII host name: RFC 8461 §3.2 requires the Punycode A-label"
        + Domain.parse(name).ok().map(d -> " (here: " + d.ascii() + ")").orElse("");
  }

  private static Problem at(String code, String message, int index) {
    return Problem.at(code, message, 1, index + 1);
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
    if (host == null || host.chars().anyMatch(c -> c > 0x7F)) {
      return false; // hosts are A-labels; a U-label or a fold such as the Kelvin sign is not one
    }
    Optional<Domain> domain = Domain.parse(host).ok();
    if (domain.isEmpty()) {
      return false;
    }
    String name = domain.get().ascii();
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
