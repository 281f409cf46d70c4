/**
 * The HTTPS policy fetch of RFC 8461 §3.3, done the way a strict sender does it: {@code
 * https://mta-sts.<domain>/.well-known/mta-sts.txt}, TLS 1.2 or newer (§7.2), SNI set to the policy
 * host (§7.1), no redirects followed, status 200 only, media type {@code text/plain} (§3.2), a body
 * of at most 64 KiB and bounded time (§3.3 suggests one minute).
 *
 * <p>The fetcher connects to addresses the caller supplies (DNS is the caller's business) over a
 * raw TLS socket with a small, strict HTTP/1.1 client, since the JDK HTTP client can neither
 * connect to a chosen address with its own SNI nor report certificate problems one by one. {@link
 * PolicyFetcher#fetch} is the sender's fetch: a certificate problem ends it with a typed failure
 * before the request is sent. {@link PolicyFetcher#fetchForDiagnosis} goes on past certificate
 * problems, so a checker can report both the certificate and the policy; {@link
 * PolicyFetchResult#acceptableForSender()} gives the verdict a sender would reach.
 */
package dev.mtasts.core.fetch;
