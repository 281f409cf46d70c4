/**
 * Alerts on what the TLS reports show (docs/alerts.md): rules evaluated after intake and on a
 * schedule, state in the store so a condition is announced once when it starts and again only after
 * it cleared, and channels (webhook, email, daily digest) fed from a retried outbox.
 */
package dev.mtasts.app.alert;
