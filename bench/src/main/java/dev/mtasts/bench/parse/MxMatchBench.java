package dev.mtasts.bench.parse;

import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MX host matching (RFC 8461 §4.1): one pattern (exact, wildcard) and a whole policy, where the
 * 50-mx policy's worst case is a host that matches nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MxMatchBench {

  private MxPattern exact;
  private MxPattern wildcard;
  private Policy rfcExample;
  private Policy fiftyMx;
  private String host = "Mail.Example.COM.";
  private String wildcardHost = "mx7.example.net";
  private String unknownHost = "mx.elsewhere.example.org";

  @Setup
  public void setUp() {
    exact = MxPattern.parse("mail.example.com").orThrow();
    wildcard = MxPattern.parse("*.example.net").orThrow();
    rfcExample = Policy.parse(PolicyParseBench.RFC_EXAMPLE).orThrow();
    fiftyMx = Policy.parse(PolicyParseBench.FIFTY_MX).orThrow();
  }

  @Benchmark
  public boolean exactPattern() {
    return exact.matches(host);
  }

  @Benchmark
  public boolean wildcardPattern() {
    return wildcard.matches(wildcardHost);
  }

  @Benchmark
  public boolean rfcExamplePolicy() {
    return rfcExample.matchesMx(wildcardHost);
  }

  @Benchmark
  public boolean fiftyMxPolicyNoMatch() {
    return fiftyMx.matchesMx(unknownHost);
  }
}
