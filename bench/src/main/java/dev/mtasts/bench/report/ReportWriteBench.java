package dev.mtasts.bench.report;

import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportReader;
import dev.mtasts.core.tlsrpt.ReportWriter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link ReportWriter#toJson} for the reports {@link ReportReadBench} reads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReportWriteBench {

  @Param({"TYPICAL", "LARGE"})
  public ReportSize size;

  private Report report;

  @Setup
  public void setUp() {
    report = new ReportReader().read(ReportSamples.json(size)).orThrow().report();
  }

  @Benchmark
  public String toJson() {
    return ReportWriter.toJson(report);
  }
}
