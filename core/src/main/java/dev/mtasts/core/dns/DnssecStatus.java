package dev.mtasts.core.dns;

/** What DNSSEC says about an answer (RFC 4035 §4.3). */
public enum DnssecStatus {
  /** Validated to a trust anchor (or the AD bit from a trusted validating resolver). */
  SECURE,
  /** Provably unsigned: the zone has no DNSSEC. */
  INSECURE,
  /** Signed but validation failed. */
  BOGUS,
  /** Not known: no validation was attempted, or it could not complete. */
  INDETERMINATE
}
