/**
 * Outbound mail to the SMTP relay the operator runs (a local MTA, or a smarthost on port 587 or
 * 465): {@link dev.mtasts.app.relay.RelayClient} hands a message's bytes as they are to the relay,
 * with STARTTLS (RFC 3207) or implicit TLS (RFC 8314 §3.3), the relay's certificate checked, and
 * SMTP AUTH (RFC 4954) only over TLS. Report mail (TLS-RPT) and alert mail both leave through it;
 * {@link dev.mtasts.app.relay.RelayConfigReader} reads the same keys for both.
 */
package dev.mtasts.app.relay;
