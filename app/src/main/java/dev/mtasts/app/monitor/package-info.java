/**
 * Monitoring of the domains {@code serve} hosts: a scheduled {@code check} of each, kept in the
 * store, and alerts before mail breaks (certificates near expiry, MX hosts the policy misses, a
 * stale published id, no TLS-RPT record, a policy host that stopped answering).
 */
package dev.mtasts.app.monitor;
