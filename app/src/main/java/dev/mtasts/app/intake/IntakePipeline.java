package dev.mtasts.app.intake;

import dev.mtasts.app.store.DkimVerdict;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreRejectedException;
import dev.mtasts.app.store.StoreResult;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.app.store.Submission;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.ReadReport;
import dev.mtasts.core.tlsrpt.ReportReader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * The one intake every source ends in: bytes → core report reader → DKIM of report mail ({@link
 * DkimPolicy}) → attribution → de-duplication and one durable transaction (the store) → the outcome
 * a source acknowledges with. Thread-safe; each call blocks until its report is committed or
 * refused.
 */
public final class IntakePipeline {

  private final ReportReader reader;
  private final Attribution attribution;
  private final ReportStore store;
  private final IntakeMetrics metrics;
  private final DkimPolicy dkim;
  private final Consumer<List<String>> onStored;

  public IntakePipeline(
      ReportReader reader,
      Attribution attribution,
      ReportStore store,
      IntakeMetrics metrics,
      DkimPolicy dkim) {
    this(reader, attribution, store, metrics, dkim, domains -> {});
  }

  /**
   * @param onStored told the domains of each newly stored report, after its commit (the alert
   *     rules); it must return at once
   */
  public IntakePipeline(
      ReportReader reader,
      Attribution attribution,
      ReportStore store,
      IntakeMetrics metrics,
      DkimPolicy dkim,
      Consumer<List<String>> onStored) {
    this.reader = reader;
    this.attribution = attribution;
    this.store = store;
    this.metrics = metrics;
    this.dkim = dkim;
    this.onStored = onStored;
  }

  public Attribution attribution() {
    return attribution;
  }

  /** Reads, attributes and stores one receipt. */
  public Outcome accept(Receipt receipt) {
    long started = System.nanoTime();
    Outcome outcome = process(receipt);
    metrics.outcome(receipt.source(), outcome, Duration.ofNanos(System.nanoTime() - started));
    return outcome;
  }

  private Outcome process(Receipt receipt) {
    ParseResult<ReadReport> parsed = reader.read(receipt.bytes());
    if (!(parsed instanceof ParseResult.Ok<ReadReport> ok)) {
      Problem first = parsed.errors().getFirst();
      return new Outcome.Rejected(first.code(), first.toString());
    }
    ReadReport read = ok.value();
    Optional<DkimVerdict> verdict = receipt.dkim();
    // RFC 8460 §3, §5.3: report mail is DKIM signed; verify it at receipt, before storing
    if (read.email().isPresent() && verdict.isEmpty()) {
      switch (dkim.decide(receipt.bytes(), metrics)) {
        case DkimPolicy.Decision.Stop stop -> {
          return stop.outcome();
        }
        case DkimPolicy.Decision.Store keep -> verdict = keep.verdict();
      }
    }
    SortedMap<String, List<PolicyResult>> byDomain = attribution.attribute(read);
    if (byDomain.isEmpty()) {
      return Attribution.refusal(read);
    }
    Submission submission =
        new Submission(
            receipt.bytes(),
            sha256(receipt.bytes()),
            receipt.source().name(),
            receipt.source().detail(),
            receipt.receivedAt(),
            read.report(),
            ok.warnings().stream().map(Problem::code).distinct().toList(),
            byDomain,
            verdict);
    try {
      if (store.store(submission) == StoreResult.DUPLICATE) {
        return new Outcome.Duplicate();
      }
    } catch (StoreUnavailableException e) {
      return new Outcome.TemporaryFailure(e.getMessage());
    } catch (StoreRejectedException e) {
      return new Outcome.Rejected("REPORT_VALUE_REFUSED", e.getMessage());
    }
    metrics.stored(byDomain);
    List<String> domains = List.copyOf(byDomain.keySet());
    onStored.accept(domains);
    return new Outcome.Stored(domains);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
