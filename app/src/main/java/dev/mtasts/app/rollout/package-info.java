/**
 * The life of a hosted policy after it is written: the records it needs, serving before publishing
 * (RFC 8461 §3.1), promotion from testing to enforce (§5), retirement (§8.3) and its history.
 */
package dev.mtasts.app.rollout;
