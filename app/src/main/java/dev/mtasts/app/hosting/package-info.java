/**
 * Policy hosting in {@code serve} (RFC 8461 §3.3): one HTTPS listener that serves the policy file
 * of every domain under {@code policy_host:} at {@code https://mta-sts.<domain>/.well-known/
 * mta-sts.txt}, with each domain's certificate chosen by SNI, and reloads its configuration and
 * certificates without dropping connections (docs/policy-hosting.md). {@link
 * dev.mtasts.app.hosting.HostedPolicy} is the one source of a domain's policy text and its {@code
 * _mta-sts} id.
 */
package dev.mtasts.app.hosting;
