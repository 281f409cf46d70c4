/** JMH benchmarks and load generators for mtasts. Run with {@code bench/run}. */
package dev.mtasts.bench;
