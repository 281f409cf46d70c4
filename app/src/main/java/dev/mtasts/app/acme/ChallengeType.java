package dev.mtasts.app.acme;

/** The ACME challenge types this server answers. */
public enum ChallengeType {
  /** RFC 8737: on the policy listener itself (port 443 as the ACME server sees it). */
  TLS_ALPN_01,
  /** RFC 8555 §8.3: on the plain listener {@code policy_host.acme_http_listen} (port 80). */
  HTTP_01
}
