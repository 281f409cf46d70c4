/**
 * The sending side of MTA-STS (RFC 8461 §5): what a sender remembers about a policy domain.
 *
 * <p>A sender caches each policy it fetched together with the policy id from the {@code _mta-sts}
 * TXT record (RFC 8461 §3.1, §5.1) and keeps using it until {@code max_age} runs out (§3.2, §5.1).
 * {@link dev.mtasts.core.resolve.CachedPolicy} holds the policy text exactly as fetched, so a store
 * never depends on the policy parser; {@link dev.mtasts.core.resolve.PolicyCache} is the store
 * interface and {@link dev.mtasts.core.resolve.InMemoryPolicyCache} its bounded in-memory form.
 * Persistent stores (SQLite, PostgreSQL, Redis) live in the application.
 */
package dev.mtasts.core.resolve;
