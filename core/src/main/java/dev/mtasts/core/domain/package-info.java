/**
 * Domain names, one type for all: {@link dev.mtasts.core.domain.Domain} holds a name in its ASCII
 * form (A-labels, lower case, no trailing dot) and its Unicode form (U-labels), parsed from either
 * form with strict length and character rules and a stable code for each flaw ({@link
 * dev.mtasts.core.domain.DomainCodes}).
 *
 * <p>A package of its own because every other package needs names: the policy model, the TLS name
 * matching, DNS, the fetcher and the resolver. It depends on nothing else of the core, so the leaf
 * packages ({@code policy}, {@code tls}) stay free of {@code dns} and of dnsjava.
 */
package dev.mtasts.core.domain;
