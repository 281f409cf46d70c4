/**
 * The domain check: everything a postmaster needs to know about a domain's MTA-STS deployment (RFC
 * 8461) and its TLS reporting (RFC 8460), judged the way a strict sender meets it. {@link
 * dev.mtasts.core.check.DomainChecker} runs four steps in a line (records, reporting, policy, MX)
 * and returns a {@link dev.mtasts.core.check.DomainReport}: the facts (record id, policy, each MX
 * host's addresses with their TLS version, cipher and certificate, TLSA records) and every {@link
 * dev.mtasts.core.check.Finding} at once, each with a stable {@link
 * dev.mtasts.core.check.FindingCode}, its severity, the RFC 8460 result type a sender would report,
 * and a message saying what is wrong, why it matters and how to fix it.
 *
 * <p>The check never stops at the first problem and never reports what cannot apply (no certificate
 * finding where STARTTLS is missing). It follows no redirects, matches wildcards as exactly one
 * label, and judges certificates problem by problem. Limits: the policy fetch and every probe are
 * bounded in size and time, and one deadline bounds the whole check of a domain; past it the report
 * holds what was found and a {@code CHECK_DEADLINE} finding naming the step.
 */
package dev.mtasts.core.check;
