/**
 * JMH benchmarks of TLS report reading and writing (RFC 8460 §4.4, §5.2), with bare Jackson parses
 * of the same bytes as the floor the reader is measured against.
 */
package dev.mtasts.bench.report;
