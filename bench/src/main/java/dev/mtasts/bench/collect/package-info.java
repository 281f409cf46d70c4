/**
 * The TLS-RPT datagram collector under load (bench/datagram-load.sh, docs/benchmarks.md): a load
 * generator that sends as libtlsrpt does, and the collector in a process of its own.
 */
package dev.mtasts.bench.collect;
