/**
 * Certificates for hosted policies obtained and renewed through ACME (RFC 8555) with acme4j: the
 * TLS-ALPN-01 challenge (RFC 8737) answered on the policy listener itself, the HTTP-01 challenge
 * (RFC 8555 §8.3) on an optional plain listener, the account key and certificates kept under {@code
 * <data>/acme/}, and renewal well before expiry with backoff (docs/acme.md).
 */
package dev.mtasts.app.acme;
