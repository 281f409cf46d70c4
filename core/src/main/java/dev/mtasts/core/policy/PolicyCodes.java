package dev.mtasts.core.policy;

/**
 * The stable problem codes of this package (documented in docs/policy-grammar.md). Scripts and the
 * checker depend on them: add codes, never rename one.
 */
public final class PolicyCodes {
  // RFC 8461 §3.1, the _mta-sts TXT record: errors
  public static final String STS_RECORD_EMPTY = "STS_RECORD_EMPTY";
  public static final String STS_RECORD_NON_ASCII = "STS_RECORD_NON_ASCII";
  public static final String STS_RECORD_VERSION = "STS_RECORD_VERSION";
  public static final String STS_RECORD_SYNTAX = "STS_RECORD_SYNTAX";
  public static final String STS_RECORD_ID_MISSING = "STS_RECORD_ID_MISSING";
  public static final String STS_RECORD_ID_INVALID = "STS_RECORD_ID_INVALID";
  public static final String STS_RECORD_EXTENSION_INVALID = "STS_RECORD_EXTENSION_INVALID";
  // RFC 8461 §3.1: warnings
  public static final String STS_RECORD_DUPLICATE_FIELD = "STS_RECORD_DUPLICATE_FIELD";
  public static final String STS_RECORD_UNKNOWN_FIELD = "STS_RECORD_UNKNOWN_FIELD";

  // RFC 8461 §3.2, the policy file: errors
  public static final String POLICY_EMPTY = "POLICY_EMPTY";
  public static final String POLICY_TOO_LARGE = "POLICY_TOO_LARGE";
  public static final String POLICY_ENCODING = "POLICY_ENCODING";
  public static final String POLICY_BOM = "POLICY_BOM";
  public static final String POLICY_INVALID_CHARACTER = "POLICY_INVALID_CHARACTER";
  public static final String POLICY_LINE_TOO_LONG = "POLICY_LINE_TOO_LONG";
  public static final String POLICY_BLANK_LINE = "POLICY_BLANK_LINE";
  public static final String POLICY_SYNTAX_LINE = "POLICY_SYNTAX_LINE";
  public static final String POLICY_FIELD_NAME_INVALID = "POLICY_FIELD_NAME_INVALID";
  public static final String POLICY_VERSION_MISSING = "POLICY_VERSION_MISSING";
  public static final String POLICY_VERSION_INVALID = "POLICY_VERSION_INVALID";
  public static final String POLICY_MODE_MISSING = "POLICY_MODE_MISSING";
  public static final String POLICY_MODE_INVALID = "POLICY_MODE_INVALID";
  public static final String POLICY_MAX_AGE_MISSING = "POLICY_MAX_AGE_MISSING";
  public static final String POLICY_MAX_AGE_INVALID = "POLICY_MAX_AGE_INVALID";
  public static final String POLICY_MAX_AGE_TOO_LARGE = "POLICY_MAX_AGE_TOO_LARGE";
  public static final String POLICY_MX_MISSING = "POLICY_MX_MISSING";
  public static final String POLICY_MX_INVALID = "POLICY_MX_INVALID";
  public static final String POLICY_MX_NOT_A_LABEL = "POLICY_MX_NOT_A_LABEL";
  public static final String POLICY_EXTENSION_INVALID = "POLICY_EXTENSION_INVALID";
  // RFC 8461 §3.2: warnings
  public static final String POLICY_DUPLICATE_FIELD = "POLICY_DUPLICATE_FIELD";
  public static final String POLICY_UNKNOWN_FIELD = "POLICY_UNKNOWN_FIELD";

  private PolicyCodes() {}
}
