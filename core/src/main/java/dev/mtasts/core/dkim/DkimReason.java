package dev.mtasts.core.dkim;

/**
 * Why a signature got its result. The constant names are stable codes that scripts and stored
 * verdicts depend on; each maps to exactly one {@link DkimResult}.
 */
public enum DkimReason {
  /** The signature verified (RFC 6376 §6.1.3). */
  SIGNATURE_VERIFIED(DkimResult.PASS),
  /** The message has no DKIM-Signature field. */
  NO_SIGNATURE(DkimResult.NONE),
  /** Every signature comes from a key in testing mode ({@code t=y}, RFC 6376 §3.6.1). */
  TESTING_MODE_ONLY(DkimResult.NONE),

  /** The body hash differs from {@code bh=}: the body changed (RFC 6376 §6.1.3). */
  BODY_HASH_MISMATCH(DkimResult.FAIL),
  /** The signature does not verify over the signed header fields (RFC 6376 §6.1.3). */
  SIGNATURE_MISMATCH(DkimResult.FAIL),
  /** {@code l=} covers less than the body: unsigned content follows (RFC 6376 §8.2). */
  BODY_PARTIALLY_SIGNED(DkimResult.FAIL),

  /** The DNS could not be asked for the key (timeout, SERVFAIL; RFC 6376 §6.1.2 step 2). */
  KEY_LOOKUP_FAILED(DkimResult.TEMPERROR),

  /** The header section cannot be read as header fields (RFC 5322 §2.2). */
  HEADER_MALFORMED(DkimResult.PERMERROR),
  /** The header section or one field is over the verifier's limits. */
  HEADER_TOO_LARGE(DkimResult.PERMERROR),
  /** More signatures than the verifier checks; this one was not checked. */
  SIGNATURE_LIMIT(DkimResult.PERMERROR),
  /** The DKIM-Signature is not a valid tag-list (RFC 6376 §3.2). */
  SIGNATURE_SYNTAX(DkimResult.PERMERROR),
  /** A tag occurs twice (RFC 6376 §3.2: the whole tag-list is invalid). */
  SIGNATURE_DUPLICATE_TAG(DkimResult.PERMERROR),
  /** A required tag is missing (RFC 6376 §6.1.1). */
  SIGNATURE_TAG_MISSING(DkimResult.PERMERROR),
  /** A tag's value is invalid (RFC 6376 §3.5). */
  SIGNATURE_TAG_INVALID(DkimResult.PERMERROR),
  /** {@code v=} is not 1 (RFC 6376 §6.1.1). */
  SIGNATURE_VERSION(DkimResult.PERMERROR),
  /** {@code a=rsa-sha1}: not valid any more (RFC 8301 §3.1). */
  ALGORITHM_RSA_SHA1(DkimResult.PERMERROR),
  /** {@code a=} names an algorithm other than rsa-sha256 and ed25519-sha256. */
  ALGORITHM_UNKNOWN(DkimResult.PERMERROR),
  /** {@code c=} names an unknown canonicalization (RFC 6376 §3.4). */
  CANONICALIZATION_UNKNOWN(DkimResult.PERMERROR),
  /** {@code q=} does not offer dns/txt (RFC 6376 §3.5). */
  QUERY_METHOD_UNSUPPORTED(DkimResult.PERMERROR),
  /** {@code h=} does not include From (RFC 6376 §6.1.1). */
  FROM_NOT_SIGNED(DkimResult.PERMERROR),
  /** {@code i=} is not in {@code d=} or below it (RFC 6376 §6.1.1). */
  IDENTITY_MISMATCH(DkimResult.PERMERROR),
  /** {@code x=} has passed (RFC 6376 §6.1.1). */
  SIGNATURE_EXPIRED(DkimResult.PERMERROR),
  /** {@code t=} is in the future beyond the allowed clock skew (RFC 6376 §3.5). */
  SIGNATURE_IN_FUTURE(DkimResult.PERMERROR),
  /** {@code l=} is longer than the body (RFC 6376 §3.5). */
  BODY_LENGTH_EXCEEDS_BODY(DkimResult.PERMERROR),

  /** No key record exists at the selector (RFC 6376 §6.1.2 step 3). */
  KEY_NOT_FOUND(DkimResult.PERMERROR),
  /** Several TXT records at the selector (RFC 6376 §3.6.2.2: results undefined). */
  KEY_RECORD_MULTIPLE(DkimResult.PERMERROR),
  /** The key record is not a valid tag-list or lacks {@code p=} (RFC 6376 §6.1.2 step 5). */
  KEY_SYNTAX(DkimResult.PERMERROR),
  /** The key record's {@code v=} is not DKIM1 (RFC 6376 §3.6.1). */
  KEY_VERSION(DkimResult.PERMERROR),
  /** {@code p=} is empty: the key was revoked (RFC 6376 §3.6.1). */
  KEY_REVOKED(DkimResult.PERMERROR),
  /** {@code k=} is neither rsa nor ed25519. */
  KEY_TYPE_UNKNOWN(DkimResult.PERMERROR),
  /** {@code k=} does not fit the signature's algorithm (RFC 6376 §6.1.2 step 8). */
  KEY_TYPE_MISMATCH(DkimResult.PERMERROR),
  /** The key's {@code h=} does not allow sha256 (RFC 6376 §6.1.2 step 6). */
  KEY_HASH_NOT_ALLOWED(DkimResult.PERMERROR),
  /** The key's {@code s=} allows neither email nor tlsrpt (RFC 6376 §3.6.1, RFC 8460 §3). */
  KEY_SERVICE_NOT_EMAIL(DkimResult.PERMERROR),
  /** The key has {@code t=s} but {@code i=} is a subdomain of {@code d=} (RFC 6376 §3.6.1). */
  KEY_STRICT_IDENTITY(DkimResult.PERMERROR),
  /** {@code p=} does not decode to a key of its type (RFC 6376 §6.1.2 step 7). */
  KEY_INVALID(DkimResult.PERMERROR),
  /** An RSA key under 1024 bits (RFC 8301 §3.2). */
  KEY_TOO_SMALL(DkimResult.PERMERROR),
  /** An RSA key over the verifier's limit. */
  KEY_TOO_LARGE(DkimResult.PERMERROR);

  private final DkimResult result;

  DkimReason(DkimResult result) {
    this.result = result;
  }

  /** The result this reason gives. */
  public DkimResult result() {
    return result;
  }
}
