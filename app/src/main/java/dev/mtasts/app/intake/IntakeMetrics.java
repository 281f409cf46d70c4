package dev.mtasts.app.intake;

import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Intake metrics (Prometheus names): {@code mtasts_reports_total{source,outcome}}, {@code
 * mtasts_report_sessions_total{result}} and {@code
 * mtasts_report_failed_sessions_total{result_type}} for stored reports, and {@code
 * mtasts_report_ingest_seconds{source}} from receipt to acknowledgement, and {@code
 * mtasts_report_dkim_total{result}} for every verified report mail.
 */
public final class IntakeMetrics {

  private final MeterRegistry registry;

  public IntakeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void outcome(Source source, Outcome outcome, Duration latency) {
    Counter.builder("mtasts.reports")
        .description("Reports received, by source and outcome")
        .tag("source", source.name())
        .tag("outcome", outcome.label())
        .register(registry)
        .increment();
    Timer.builder("mtasts.report.ingest")
        .description("From receipt to acknowledgement")
        .tag("source", source.name())
        .publishPercentileHistogram()
        .register(registry)
        .record(latency);
  }

  void dkim(String result) {
    Counter.builder("mtasts.report.dkim")
        .description("DKIM verdicts of report mail at receipt (RFC 8460 §3)")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  void stored(Map<String, List<PolicyResult>> byDomain) {
    long successful = 0;
    long failed = 0;
    for (List<PolicyResult> policies : byDomain.values()) {
      for (PolicyResult p : policies) {
        successful += p.summary().totalSuccessfulSessionCount();
        failed += p.summary().totalFailureSessionCount();
        for (FailureDetails f : p.failureDetails()) {
          Counter.builder("mtasts.report.failed.sessions")
              .description("Failed sessions in stored reports, by result type")
              .tag("result_type", f.resultType().value())
              .register(registry)
              .increment(f.failedSessionCount());
        }
      }
    }
    sessions("successful").increment(successful);
    sessions("failed").increment(failed);
  }

  private Counter sessions(String result) {
    return Counter.builder("mtasts.report.sessions")
        .description("Sessions in stored reports")
        .tag("result", result)
        .register(registry);
  }
}
