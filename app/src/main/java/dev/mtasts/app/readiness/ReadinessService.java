package dev.mtasts.app.readiness;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.store.Period;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreUnavailableException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Computes the enforce-readiness of a domain from the report store. Thread-safe.
 *
 * <p>The verdict looks at the reports whose date range starts within the last {@link
 * Thresholds#windowDays()} days up to today (UTC).
 */
public final class ReadinessService {

  private final ReportStore store;
  private final Thresholds thresholds;
  private final Function<String, Optional<List<String>>> hostedMx;
  private final Clock clock;

  /**
   * @param hostedMx the {@code mx} patterns of the policy serve hosts for a domain, if it does
   */
  public ReadinessService(
      ReportStore store,
      Thresholds thresholds,
      Function<String, Optional<List<String>>> hostedMx,
      Clock clock) {
    this.store = store;
    this.thresholds = thresholds;
    this.hostedMx = hostedMx;
    this.clock = clock;
  }

  /** Without hosted policies, with the system clock. */
  public ReadinessService(ReportStore store, Thresholds thresholds) {
    this(store, thresholds, domain -> Optional.empty(), Clock.systemUTC());
  }

  public Thresholds thresholds() {
    return thresholds;
  }

  /**
   * The verdict for {@code domain} (normalised to its A-label form) and its evidence.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  public Readiness assess(String domain) {
    String name = Attribution.normalize(domain);
    LocalDate to = LocalDate.now(clock);
    LocalDate from = to.minusDays(thresholds.windowDays());
    Optional<List<String>> hosted = hostedMx.apply(name);
    List<String> policyMx =
        PolicyMx.patterns(store.queries(clock).policies(name, Period.of(from, to)));
    Evidence evidence = store.read(c -> EvidenceQuery.read(c, name, from, to, policyMx, hosted));
    return Judge.judge(name, evidence, thresholds);
  }
}
