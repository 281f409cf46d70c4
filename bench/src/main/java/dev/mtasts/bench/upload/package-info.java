/** Load generator for {@code serve}'s report upload (bench/upload-load.sh, docs/benchmarks.md). */
package dev.mtasts.bench.upload;
