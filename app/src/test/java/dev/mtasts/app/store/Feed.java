package dev.mtasts.app.store;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.intake.DkimPolicy;
import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.intake.Receipt;
import dev.mtasts.app.intake.Source;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Feeds reports into a store through the real intake pipeline, as every intake source does. */
public final class Feed {

  private final IntakePipeline pipeline;

  public Feed(ReportStore store) {
    this.pipeline =
        new IntakePipeline(
            new ReportReader(),
            Attribution.acceptAll(),
            store,
            new IntakeMetrics(new SimpleMeterRegistry()),
            new DkimPolicy(
                DkimPolicy.Mode.PREFER,
                new DkimVerifier(InMemoryResolver.builder().build(), Clock.systemUTC())));
  }

  public Outcome accept(byte[] bytes) {
    return pipeline.accept(Receipt.of(bytes, Source.of(Source.IMPORT, "test")));
  }

  public Outcome accept(String json) {
    return accept(json.getBytes(StandardCharsets.UTF_8));
  }
}
