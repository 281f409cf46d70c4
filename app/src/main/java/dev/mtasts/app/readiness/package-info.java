/**
 * The enforce-readiness verdict: whether a domain publishing an MTA-STS policy in {@code testing}
 * mode can switch to {@code enforce} without losing mail (RFC 8461 §5), judged from the TLS reports
 * senders sent (RFC 8460), with the evidence it rests on. docs/readiness.md explains the rules.
 */
package dev.mtasts.app.readiness;
