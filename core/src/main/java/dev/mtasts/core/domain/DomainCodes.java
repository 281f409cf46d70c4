package dev.mtasts.core.domain;

/**
 * The stable problem codes of {@link Domain#parse} and {@link Domain#parseRecordName} (documented
 * in docs/domain-names.md). Scripts depend on them: add codes, never rename one.
 */
public final class DomainCodes {
  /** Nothing to parse, or only the root ({@code .}). */
  public static final String DOMAIN_EMPTY = "DOMAIN_EMPTY";

  /** Longer than 253 characters in ASCII form (RFC 1035 §2.3.4). */
  public static final String DOMAIN_TOO_LONG = "DOMAIN_TOO_LONG";

  /** Two dots in a row, a leading dot, or more than one trailing dot. */
  public static final String DOMAIN_LABEL_EMPTY = "DOMAIN_LABEL_EMPTY";

  /** A label longer than 63 characters in ASCII form (RFC 1035 §2.3.4). */
  public static final String DOMAIN_LABEL_TOO_LONG = "DOMAIN_LABEL_TOO_LONG";

  /** A character outside letters, digits and hyphens (RFC 5321 §4.1.2, RFC 1123 §2.1). */
  public static final String DOMAIN_CHARACTER = "DOMAIN_CHARACTER";

  /** A label that starts or ends with a hyphen (RFC 5321 §4.1.2). */
  public static final String DOMAIN_HYPHEN = "DOMAIN_HYPHEN";

  /** An all-numeric top-level label, as in an IPv4 address (RFC 3696 §2). */
  public static final String DOMAIN_NUMERIC_TLD = "DOMAIN_NUMERIC_TLD";

  /** An {@code xn--} label that is not the Punycode of a U-label (RFC 5890 §2.3.2.1). */
  public static final String DOMAIN_A_LABEL_INVALID = "DOMAIN_A_LABEL_INVALID";

  /** A non-ASCII label that has no A-label (IDNA2003, RFC 3490 §4.1, as java.net.IDN knows it). */
  public static final String DOMAIN_U_LABEL_INVALID = "DOMAIN_U_LABEL_INVALID";

  private DomainCodes() {}
}
