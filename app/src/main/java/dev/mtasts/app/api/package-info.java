/**
 * The HTTP endpoints of {@code serve} on embedded Jetty 12: the RFC 8460 §5.4 upload, the JSON API
 * under {@code /api/v1/}, {@code /metrics} and {@code /healthz} (docs/serve.md).
 */
package dev.mtasts.app.api;
