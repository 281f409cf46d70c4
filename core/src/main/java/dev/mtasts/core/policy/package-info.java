/**
 * MTA-STS (RFC 8461) policy model: the {@code _mta-sts} TXT record ({@link StsRecord}, §3.1), the
 * policy file served at {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} ({@link Policy},
 * §3.2) and the MX host matching rules ({@link MxPattern}, §4.1).
 *
 * <p>The parsers are strict: the RFC's ABNF decides what is valid, and every error found is
 * returned with a stable code (see {@link PolicyCodes}) and a line and column, never thrown.
 * Deviations the RFC tells receivers to tolerate (a repeated field: the first wins; unknown fields:
 * ignored) are accepted with a warning. A sender applying a policy reads it with {@link
 * Leniency#SENDER}, which also reads past blank lines, a byte order mark and bare CR line endings,
 * each with a warning. Limits: a policy body of at most 64 KiB (the size §3.3 suggests) and lines
 * of at most {@value PolicyParser#MAX_LINE_LENGTH} characters.
 */
package dev.mtasts.core.policy;
