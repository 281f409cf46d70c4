/**
 * TLS reports out (RFC 8460, the sender's side): collect what each outbound TLS handshake met,
 * count it per UTC day and policy, and deliver each recipient domain its daily report.
 */
package dev.mtasts.app.sending;
