package dev.mtasts.core.domain;

import static dev.mtasts.core.domain.DomainCodes.DOMAIN_A_LABEL_INVALID;
import static dev.mtasts.core.domain.DomainCodes.DOMAIN_CHARACTER;
import static dev.mtasts.core.domain.DomainCodes.DOMAIN_EMPTY;
import static dev.mtasts.core.domain.DomainCodes.DOMAIN_HYPHEN;
import static dev.mtasts.core.domain.DomainCodes.DOMAIN_LABEL_EMPTY;
import static dev.mtasts.core.domain.DomainCodes.DOMAIN_LABEL_TOO_LONG;
import static dev.mtasts.core.domain.DomainCodes.DOMAIN_NUMERIC_TLD;
import static dev.mtasts.core.domain.DomainCodes.DOMAIN_TOO_LONG;
import static dev.mtasts.core.domain.DomainCodes.DOMAIN_U_LABEL_INVALID;

import dev.mtasts.core.Ascii;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A domain name in the two forms of RFC 5890 §2.3.2: {@link #ascii()} (A-labels, lower case, no
 * trailing dot), the form DNS, TLS and MTA-STS compare, and {@link #unicode()} (U-labels), the form
 * people read. Two names are equal when their ASCII forms are.
 *
 * <p>{@link #parse} reads a host name (RFC 5321 §4.1.2 {@code Domain}, RFC 1123 §2.1) written in
 * either form or a mix: any case, one trailing dot (the absolute form of DNS) dropped, the IDNA
 * full stops {@code 。．｡} read as dots (RFC 3490 §3.1). It refuses empty labels, labels over 63 and
 * names over 253 characters (RFC 1035 §2.3.4, counted in ASCII form), characters other than
 * letters, digits and hyphens, hyphens at either end of a label, an all-numeric top-level label (an
 * IPv4 address, RFC 3696 §2), {@code xn--} labels that are not the Punycode of a U-label, and
 * U-labels without an A-label. {@link #parseRecordName} also allows underscores in ASCII labels:
 * record owner names such as {@code _mta-sts.example.com} (RFC 8552) are names in DNS but never
 * host names. Callers strip surrounding whitespace themselves: it is never part of a name.
 *
 * <p>Limitation: U-labels are mapped and checked by {@link java.net.IDN}, which implements IDNA2003
 * (RFC 3490, nameprep with Unicode 3.2 tables), not IDNA2008 (RFC 5891) or UTS #46. Where the two
 * disagree on a name that Postfix (UTS #46 nontransitional, as libicu does it) would also convert:
 * a U-label with {@code ß} or {@code ς} gets its IDNA2008 A-label ({@code straße} is {@code
 * xn--strae-oqa}, not {@code strasse}) when it is written already mapped (lower case, normalized),
 * and is refused otherwise, as are the joiners U+200C and U+200D, rather than be taken for another
 * domain. Case and compatibility forms still fold as IDNA2003 folds them (fullwidth letters, the
 * Kelvin sign), and symbols IDNA2008 disallows are converted. Code points unassigned in Unicode 3.2
 * are accepted, so that names in newer scripts get the A-label IDNA2008 gives them. A-labels are
 * decoded by {@link Punycode} (the JDK cannot decode an IDNA2008 A-label) and must encode back to
 * themselves; they are not checked against the IDNA2008 code point tables (RFC 5892).
 */
public final class Domain {
  /** The longest label, in ASCII characters (RFC 1035 §2.3.4). */
  public static final int MAX_LABEL = 63;

  /** The longest name without its trailing dot, in ASCII characters (RFC 1035 §2.3.4). */
  public static final int MAX_NAME = 253;

  private static final String ACE_PREFIX = "xn--";
  private static final int IDN_FLAGS = IDN.ALLOW_UNASSIGNED | IDN.USE_STD3_ASCII_RULES;

  /** The characters IDNA2003 and IDNA2008 treat differently (UTS #46 §4, "deviations"). */
  private static final Pattern DEVIATIONS = Pattern.compile("[\u00df\u03c2\u200c\u200d]");

  private final String ascii;
  private final String unicode;

  private Domain(String ascii, String unicode) {
    this.ascii = ascii;
    this.unicode = unicode;
  }

  /**
   * Reads a host name in A-label or U-label form (see the class comment); errors carry a code of
   * {@link DomainCodes} and the 1-based column in {@code text} (the start of the label when the
   * flaw shows only after IDNA conversion).
   */
  public static ParseResult<Domain> parse(String text) {
    return parse(text, false);
  }

  /** Reads a record owner name: as {@link #parse}, and ASCII labels may contain underscores. */
  public static ParseResult<Domain> parseRecordName(String text) {
    return parse(text, true);
  }

  /**
   * The host name {@code text}, for names known to be valid (constants, tests).
   *
   * @throws IllegalArgumentException naming the flaw if {@link #parse} refuses {@code text}
   */
  public static Domain of(String text) {
    ParseResult<Domain> parsed = parse(text);
    if (parsed instanceof ParseResult.Ok<Domain> ok) {
      return ok.value();
    }
    throw new IllegalArgumentException(parsed.errors().getFirst() + ": " + text);
  }

  /** The ASCII form: A-labels, lower case, no trailing dot. */
  public String ascii() {
    return ascii;
  }

  /** The Unicode form: U-labels where the name has A-labels, otherwise the ASCII form. */
  public String unicode() {
    return unicode;
  }

  /** Whether the name has an A-label, so that its Unicode form differs. */
  public boolean isInternationalized() {
    return !unicode.equals(ascii);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Domain domain && domain.ascii.equals(ascii);
  }

  @Override
  public int hashCode() {
    return ascii.hashCode();
  }

  /** The ASCII form. */
  @Override
  public String toString() {
    return ascii;
  }

  private static ParseResult<Domain> parse(String text, boolean underscores) {
    Objects.requireNonNull(text, "text");
    String plain = plainAscii(text, underscores);
    return plain != null ? ParseResult.ok(new Domain(plain, plain)) : general(text, underscores);
  }

  /**
   * The fast path of the daemon's lookups: the ASCII form of a valid name of letters, digits and
   * hyphens without A-labels (the common case), or null when {@link #general} must decide. It
   * accepts a subset of what {@code general} accepts, with the same result.
   */
  static String plainAscii(String text, boolean underscores) {
    int end = text.endsWith(".") ? text.length() - 1 : text.length();
    if (end == 0 || end > MAX_NAME) {
      return null;
    }
    boolean upper = false;
    boolean digitsOnly = true;
    int start = 0;
    for (int i = 0; i <= end; i++) {
      char c = i < end ? text.charAt(i) : '.';
      if (c == '.') {
        int length = i - start;
        if (length == 0
            || length > MAX_LABEL
            || text.charAt(start) == '-'
            || text.charAt(i - 1) == '-'
            || (length >= 4 && text.regionMatches(true, start, ACE_PREFIX, 0, 4))) {
          return null;
        }
        if (i < end) {
          start = i + 1;
          digitsOnly = true;
        }
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
        digitsOnly = false;
      } else if ((c >= 'a' && c <= 'z') || c == '-' || (underscores && c == '_')) {
        digitsOnly = false;
      } else if (c < '0' || c > '9') {
        return null;
      }
    }
    if (digitsOnly) {
      return null;
    }
    String ascii = text.substring(0, end);
    return upper ? ascii.toLowerCase(Locale.ROOT) : ascii;
  }

  /** Every rule, with the flaw found first; U-labels converted. */
  static ParseResult<Domain> general(String text, boolean underscores) {
    String name = withAsciiDots(text);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty()) {
      return flaw(DOMAIN_EMPTY, text.isEmpty() ? "empty domain name" : "only the root", 0);
    }
    if (name.length() > MAX_NAME && isAscii(name)) {
      return tooLong(MAX_NAME);
    }
    StringBuilder ascii = new StringBuilder(name.length());
    int start = 0;
    while (true) {
      int dot = name.indexOf('.', start);
      int end = dot < 0 ? name.length() : dot;
      String label = name.substring(start, end);
      Problem problem =
          isAscii(label)
              ? asciiLabel(label, start, true, underscores, ascii)
              : unicodeLabel(label, start, ascii);
      if (problem != null) {
        return ParseResult.err(problem);
      }
      if (dot < 0) {
        break;
      }
      ascii.append('.');
      start = dot + 1;
    }
    return finished(ascii.toString(), start, isAscii(name));
  }

  private static ParseResult<Domain> finished(String ascii, int lastLabel, boolean asWritten) {
    if (ascii.length() > MAX_NAME) {
      return tooLong(asWritten ? MAX_NAME : 0);
    }
    String tld = ascii.substring(ascii.lastIndexOf('.') + 1);
    if (tld.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return flaw(
          DOMAIN_NUMERIC_TLD, "an all-numeric top-level label: an address, not a name", lastLabel);
    }
    return ParseResult.ok(new Domain(ascii, unicodeForm(ascii)));
  }

  /** The name with its A-labels decoded (valid by now: {@link #isALabel}). */
  private static String unicodeForm(String ascii) {
    if (!ascii.startsWith(ACE_PREFIX) && !ascii.contains("." + ACE_PREFIX)) {
      return ascii;
    }
    StringBuilder unicode = new StringBuilder(ascii.length());
    for (String label : ascii.split("\\.", -1)) {
      if (!unicode.isEmpty()) {
        unicode.append('.');
      }
      unicode.append(
          label.startsWith(ACE_PREFIX)
              ? Punycode.decode(label.substring(ACE_PREFIX.length())).orElseThrow()
              : label);
    }
    return unicode.toString();
  }

  /**
   * Checks an ASCII label and appends it in lower case; {@code exact} says whether {@code start}
   * plus an index in the label is a position in the input.
   */
  private static Problem asciiLabel(
      String label, int start, boolean exact, boolean underscores, StringBuilder out) {
    if (label.isEmpty()) {
      return problem(DOMAIN_LABEL_EMPTY, "empty label (a dot too many)", start);
    }
    if (label.length() > MAX_LABEL) {
      return problem(
          DOMAIN_LABEL_TOO_LONG,
          "label longer than " + MAX_LABEL + " characters",
          exact ? start + MAX_LABEL : start);
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!Ascii.isLetterOrDigit(c) && c != '-' && !(underscores && c == '_')) {
        return problem(
            DOMAIN_CHARACTER,
            "character '" + Ascii.printable(c) + "' not allowed in a domain name",
            exact ? start + i : start);
      }
    }
    if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
      int at = label.charAt(0) == '-' ? 0 : label.length() - 1;
      return problem(
          DOMAIN_HYPHEN, "a label cannot start or end with '-'", exact ? start + at : start);
    }
    String lower = label.toLowerCase(Locale.ROOT);
    // Also for a U-label that IDNA2003 maps to ASCII ("xn--zz" + a soft hyphen, a fullwidth 'x'):
    // its unicode form decodes the A-label.
    if (lower.startsWith(ACE_PREFIX) && !isALabel(lower)) {
      return problem(
          DOMAIN_A_LABEL_INVALID,
          "'" + label + "' is not a valid A-label (not the Punycode of a U-label)",
          start);
    }
    out.append(lower);
    return null;
  }

  /** Converts a label with non-ASCII characters to its A-label (RFC 3490 §4.1) and appends it. */
  private static Problem unicodeLabel(String label, int start, StringBuilder out) {
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c < 0x80 && !Ascii.isLetterOrDigit(c) && c != '-') {
        return problem(
            DOMAIN_CHARACTER,
            "character '" + Ascii.printable(c) + "' not allowed in a domain name",
            start + i);
      }
    }
    String converted;
    try {
      converted = IDN.toASCII(label, IDN_FLAGS);
    } catch (IllegalArgumentException e) {
      return problem(
          DOMAIN_U_LABEL_INVALID,
          "'" + label + "' has no A-label (IDNA2003): " + e.getMessage(),
          start);
    }
    if (DEVIATIONS.matcher(label).find()) {
      if (!isMapped(label)) {
        return problem(
            DOMAIN_U_LABEL_INVALID,
            "IDNA2003 and IDNA2008 give '"
                + label
                + "' different A-labels: write it as its A-label",
            start);
      }
      converted = ACE_PREFIX + Punycode.encode(label); // RFC 5892: ß and ς are PVALID
    }
    return asciiLabel(converted, start, false, false, out);
  }

  /**
   * Whether {@code label}, with ß and ς, is a U-label as IDNA2008 keeps it: no joiners, and
   * IDNA2003's mapping changes nothing but those two letters (lower case, normalized already).
   */
  private static boolean isMapped(String label) {
    if (label.indexOf('\u200c') >= 0
        || label.indexOf('\u200d') >= 0
        || !label.equals(label.toLowerCase(Locale.ROOT))) {
      return false;
    }
    String mappedLetters = label.replace("\u00df", "ss").replace('\u03c2', '\u03c3');
    try {
      String expected =
          isAscii(mappedLetters) ? mappedLetters : ACE_PREFIX + Punycode.encode(mappedLetters);
      return IDN.toASCII(mappedLetters, IDN_FLAGS).equals(expected);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * An A-label decodes from Punycode to a U-label, lower case and in NFC, that encodes back to
   * itself (RFC 5890 §2.3.2.1, RFC 5891 §5.4). Not checked against the IDNA2008 code point tables
   * (RFC 5892): the JDK has none, and IDNA2003's would refuse names that registries accept, which
   * for a next hop means no policy.
   */
  private static boolean isALabel(String lowerLabel) {
    String encoded = lowerLabel.substring(ACE_PREFIX.length());
    Optional<String> decoded = Punycode.decode(encoded);
    if (decoded.isEmpty()) {
      return false;
    }
    String label = decoded.get();
    return !isAscii(label)
        && label.equals(label.toLowerCase(Locale.ROOT))
        && Normalizer.isNormalized(label, Normalizer.Form.NFC)
        && Punycode.encode(label).equals(encoded);
  }

  /** RFC 3490 §3.1: ideographic and fullwidth full stops separate labels as '.' does. */
  private static String withAsciiDots(String text) {
    return text.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static ParseResult<Domain> tooLong(int index) {
    return flaw(DOMAIN_TOO_LONG, "domain name longer than " + MAX_NAME + " characters", index);
  }

  private static Problem problem(String code, String message, int index) {
    return Problem.at(code, message, 1, index + 1);
  }

  private static ParseResult<Domain> flaw(String code, String message, int index) {
    return ParseResult.err(problem(code, message, index));
  }
}
