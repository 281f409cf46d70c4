/**
 * The sender-side policy daemon: a drop-in replacement for postfix-mta-sts-resolver's {@code
 * mta-sts-daemon}. It reads the incumbent's {@code mta-sts-daemon.yml} as it is ({@link
 * dev.mtasts.app.resolver.ResolverConfigReader}), keeps policies in one of its cache types
 * (internal, sqlite, redis, postgres), answers Postfix's {@code smtp_tls_policy_maps} socketmap
 * lookups, exposes Prometheus metrics and tells systemd when it is ready.
 */
package dev.mtasts.app.resolver;
