package dev.mtasts.bench.report;

import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportWriter;
import dev.mtasts.core.tlsrpt.ResultType;
import dev.mtasts.core.tlsrpt.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** The report inputs of the benchmarks: a real one and a large generated one, as JSON bytes. */
final class ReportSamples {

  static final int LARGE_POLICIES = 100;
  private static final int FAILURES_PER_POLICY = 30;
  private static final List<ResultType> RESULT_TYPES =
      List.of(
          ResultType.STARTTLS_NOT_SUPPORTED,
          ResultType.CERTIFICATE_HOST_MISMATCH,
          ResultType.CERTIFICATE_EXPIRED,
          ResultType.CERTIFICATE_NOT_TRUSTED,
          ResultType.VALIDATION_FAILURE,
          ResultType.STS_POLICY_FETCH_ERROR);

  private ReportSamples() {}

  /** The report's JSON bytes. */
  static byte[] json(ReportSize size) {
    return switch (size) {
      case TYPICAL -> resource("microsoft-typical.json");
      case LARGE -> ReportWriter.toJsonBytes(large());
    };
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A large provider's daily report for a hosting company: one STS policy per customer domain, each
   * with failures from many sending MTAs. Seeded, so every run measures the same bytes.
   */
  static Report large() {
    SplittableRandom random = new SplittableRandom(8460);
    List<PolicyResult> policies = new ArrayList<>();
    for (int p = 0; p < LARGE_POLICIES; p++) {
      String domain = "customer" + p + ".example";
      List<String> mx = List.of("mx1." + domain, "mx2." + domain, "*.backup.example.net");
      List<String> policyString = new ArrayList<>();
      policyString.add("version: STSv1");
      policyString.add("mode: enforce");
      mx.forEach(host -> policyString.add("mx: " + host));
      policyString.add("max_age: 604800");
      List<FailureDetails> failures = new ArrayList<>();
      long failed = 0;
      for (int f = 0; f < FAILURES_PER_POLICY; f++) {
        long count = 1 + random.nextInt(500);
        failed += count;
        failures.add(
            new FailureDetails(
                RESULT_TYPES.get(random.nextInt(RESULT_TYPES.size())),
                Optional.of(ip(random)),
                Optional.of(mx.get(random.nextInt(2))),
                Optional.of("mx" + (1 + random.nextInt(2)) + "." + domain),
                Optional.of(ip(random)),
                count,
                Optional.of("https://tlsrpt.example.com/why/" + random.nextInt(1_000_000)),
                Optional.of("X509_V_ERR_" + random.nextInt(100))));
      }
      policies.add(
          new PolicyResult(
              new PolicyDetails(PolicyType.STS, policyString, Optional.of(domain), mx),
              new Summary(random.nextLong(1_000_000), failed),
              failures));
    }
    return new Report(
        "Example Mail Provider Inc.",
        Instant.parse("2026-11-28T00:00:00Z"),
        Instant.parse("2026-11-28T23:59:59Z"),
        Optional.of("mailto:tlsrpt@provider.example"),
        "2026-11-28T00:00:00Z_hosting.example",
        policies);
  }

  private static String ip(SplittableRandom random) {
    return random.nextBoolean()
        ? "198.51.100." + random.nextInt(256) // RFC 5737 documentation range
        : "2001:db8::" + Integer.toHexString(random.nextInt(0x10000)); // RFC 3849
  }

  private static byte[] resource(String name) {
    try (InputStream in = ReportSamples.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing bench resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
