/** A load generator for any Postfix socketmap server (ours or the incumbent), loopback only. */
package dev.mtasts.bench.socketmap;
