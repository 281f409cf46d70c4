/**
 * The mtasts core library: MTA-STS (RFC 8461) and SMTP TLS Reporting (RFC 8460) without any
 * framework. A Java MTA can embed it. Sub-packages, one concept each: {@code dns}, {@code policy},
 * {@code tlsrpt}, {@code dkim}, {@code probe}, {@code check}, {@code resolve}.
 */
package dev.mtasts.core;
