package dev.mtasts.bench.parse;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.StsRecord;
import dev.mtasts.core.tlsrpt.TlsRptRecord;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The two TXT records: {@code _mta-sts} (RFC 8461 §3.1) and {@code _smtp._tls} (RFC 8460 §3). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordParseBench {

  // Non-final fields, so the JIT cannot fold the input into a constant.
  private String stsRecord = "v=STSv1; id=20160831085700Z;"; // RFC 8461 §3.1
  private String tlsRptRecord =
      "v=TLSRPTv1;rua=mailto:reports@example.com,https://reporting.example.com/v1/tlsrpt";

  @Benchmark
  public ParseResult<StsRecord> stsRecord() {
    return StsRecord.parse(stsRecord);
  }

  @Benchmark
  public ParseResult<TlsRptRecord> tlsRptRecord() {
    return TlsRptRecord.parse(tlsRptRecord);
  }
}
