package dev.mtasts.core.dns;

/** Where the DNSSEC status of an answer comes from. */
public enum DnssecMode {
  /** No DNSSEC: every answer is {@link DnssecStatus#INDETERMINATE}. */
  OFF,
  /**
   * Trust the AD bit of the configured server (RFC 6840 §5.7, RFC 4035 §3.2.3): only sound when the
   * path to a validating resolver is trusted (e.g. one on loopback). AD set gives SECURE, AD clear
   * gives INSECURE, a SERVFAIL with a DNSSEC extended error (RFC 8914 §4.7-4.13) gives BOGUS.
   */
  TRUST_AD,
  /**
   * Validate locally with dnsjava's validator from the configured trust anchors (RFC 4035 §5):
   * SECURE, INSECURE or BOGUS per answer. Names under no trust anchor come out INSECURE.
   */
  VALIDATE
}
