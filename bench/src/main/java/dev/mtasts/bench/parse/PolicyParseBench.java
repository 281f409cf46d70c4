package dev.mtasts.bench.parse;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.policy.Policy;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link Policy#parse(String)} on the RFC's example and on a policy with 50 {@code mx} lines. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyParseBench {

  /** RFC 8461 §3.2, the example policy. */
  static final String RFC_EXAMPLE =
      "version: STSv1\r\n"
          + "mode: enforce\r\n"
          + "mx: mail.example.com\r\n"
          + "mx: *.example.net\r\n"
          + "mx: backupmx.example.com\r\n"
          + "max_age: 604800\r\n";

  /** A large provider's shape: many MX hosts, half of them wildcards. */
  static final String FIFTY_MX =
      "version: STSv1\r\nmode: enforce\r\n"
          + IntStream.range(0, 50)
              .mapToObj(
                  i ->
                      i % 2 == 0
                          ? "mx: mx" + i + ".example.com\r\n"
                          : "mx: *.r" + i + ".example.net\r\n")
              .collect(Collectors.joining())
          + "max_age: 1209600\r\n";

  @Benchmark
  public ParseResult<Policy> rfcExample() {
    return Policy.parse(RFC_EXAMPLE);
  }

  @Benchmark
  public ParseResult<Policy> fiftyMx() {
    return Policy.parse(FIFTY_MX);
  }
}
