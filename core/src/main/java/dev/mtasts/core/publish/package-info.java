/**
 * What a domain publishes to take part in MTA-STS and TLS reporting: the policy file and the DNS
 * records that announce it (RFC 8461 §3, RFC 8460 §3), written from a policy the owner chose.
 */
package dev.mtasts.core.publish;
