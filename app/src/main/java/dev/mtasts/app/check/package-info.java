/**
 * {@code mtasts check}: the command-line face of {@link dev.mtasts.core.check.DomainChecker}, with
 * text, JSON Lines and CSV output, many domains checked concurrently and streamed as they complete
 * (docs/cli.md, docs/check-findings.md).
 */
package dev.mtasts.app.check;
