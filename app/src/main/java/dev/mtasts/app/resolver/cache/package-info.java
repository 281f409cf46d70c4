/**
 * Persistent {@link dev.mtasts.core.resolve.PolicyCache} stores: SQLite (WAL, one writer),
 * PostgreSQL and Redis, and {@link dev.mtasts.app.resolver.cache.PolicyCaches#open} to build the
 * one the config names.
 *
 * <p>Layout: our own table {@code mtasts_policy_cache} (SQL) and keys under {@code mtasts:}
 * (Redis), never the incumbent's {@code sts_policy_cache} table or its bare-domain Redis keys, so
 * both daemons can share a file or server during a migration. Instants are stored as epoch
 * milliseconds. We do not import the incumbent's cache: it holds a parsed JSON body rather than the
 * policy text, and an empty cache costs one policy fetch per domain on first use.
 */
package dev.mtasts.app.resolver.cache;
