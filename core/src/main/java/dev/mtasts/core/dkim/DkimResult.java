package dev.mtasts.core.dkim;

/** The outcome of one signature, or of a message (RFC 6376 §6.1, RFC 8601 §2.7.1 names). */
public enum DkimResult {
  /** A signature verified. */
  PASS,
  /** A signature did not verify: the body or signed header fields changed, or a policy refused. */
  FAIL,
  /** The message carries no signature that counts. */
  NONE,
  /** A key could not be fetched now (DNS timeout, SERVFAIL); a later attempt may pass. */
  TEMPERROR,
  /** A signature or its key is unusable (syntax, expired, revoked, weak algorithm or key). */
  PERMERROR
}
