package dev.mtasts.core.fetch;

/** Why a policy fetch produced no policy body. Stable codes: output and scripts depend on them. */
public enum FetchFailure {
  /** The caller supplied no address for the policy host. */
  NO_ADDRESSES,
  /**
   * Every address of the policy host is one senders on the internet cannot reach (loopback,
   * private, link-local, ..., see {@link PublicAddresses}), and the settings do not allow them.
   */
  ADDRESS_NOT_PUBLIC,
  /** No TCP connection to any address (see the per-address attempts). */
  UNREACHABLE,
  /** The connection, handshake or response took longer than allowed. */
  TIMEOUT,
  /** The TLS handshake failed (no common protocol or cipher, alert, reset). */
  TLS_HANDSHAKE_FAILED,
  /**
   * The certificate leads to no trusted root, or may not authenticate a TLS server (RFC 8461 §3.3).
   * Only {@link PolicyFetcher#fetch}; the request is not sent.
   */
  CERTIFICATE_UNTRUSTED,
  /** The certificate path is expired or not yet valid (RFC 8461 §3.3). Only {@code fetch}. */
  CERTIFICATE_EXPIRED,
  /** No DNS-ID of the certificate names the policy host (RFC 8461 §3.3). Only {@code fetch}. */
  CERTIFICATE_NAME_MISMATCH,
  /** The response is not well-formed HTTP/1.1, or ended early. */
  MALFORMED_RESPONSE,
  /** A 3xx response; RFC 8461 §3.3 forbids following it. */
  HTTP_REDIRECT,
  /** A status other than 200 (RFC 8461 §3.3). */
  HTTP_STATUS,
  /** The media type is not {@code text/plain} (RFC 8461 §3.2). */
  CONTENT_TYPE,
  /** The body is larger than the limit (64 KiB by default, RFC 8461 §3.3). */
  TOO_LARGE,
  /** The body is not valid UTF-8 (RFC 8461 §3.2 policies are UTF-8 text). */
  BODY_NOT_UTF8
}
