package dev.mtasts.core.check;

import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.probe.SmtpProbe;
import dev.mtasts.core.tls.Deadline;
import dev.mtasts.core.tlsrpt.TlsRptRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Audits one domain's MTA-STS deployment end to end, the way a strict sender meets it, and reports
 * every problem at once (docs/check-findings.md). The steps run in a line: {@link
 * CheckStep#RECORDS} ({@code _mta-sts}, SPF, DMARC, DNSSEC), {@link CheckStep#REPORTING} ({@code
 * _smtp._tls}), {@link CheckStep#POLICY} (only when a {@code v=STSv1} record exists: policy host,
 * HTTPS fetch, certificate, policy text) and {@link CheckStep#MX} (coverage by the policy, then
 * every address of every MX host probed at once).
 *
 * <p>The whole check has a deadline ({@link CheckOptions#deadline()}): a step still running then is
 * abandoned and reported as {@link FindingCode#CHECK_DEADLINE}, with everything found before it.
 * Thread-safe: one checker can check many domains at once.
 */
public final class DomainChecker {

  /** Time the MX step gets past the deadline to hand in what its probes found. */
  private static final Duration HAND_IN = Duration.ofSeconds(2);

  private final RecordsStep records;
  private final ReportingStep reporting;
  private final PolicyStep policy;
  private final MxStep mx;
  private final Clock clock;
  private final CheckOptions options;

  public DomainChecker(
      DnsResolver dns,
      PolicyFetcher fetcher,
      SmtpProbe probe,
      Clock clock,
      CheckOptions options,
      TlsRptRecordReader tlsRptReader) {
    Objects.requireNonNull(dns, "dns");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    this.records = new RecordsStep(dns);
    this.reporting = new ReportingStep(dns, Objects.requireNonNull(tlsRptReader, "tlsRptReader"));
    this.policy =
        new PolicyStep(dns, Objects.requireNonNull(fetcher, "fetcher"), options.expiryWarning());
    this.mx = new MxStep(dns, Objects.requireNonNull(probe, "probe"), options.expiryWarning());
  }

  /** A checker reading TLS-RPT records with {@link TlsRptRecord#select} (RFC 8460 §3). */
  public DomainChecker(
      DnsResolver dns, PolicyFetcher fetcher, SmtpProbe probe, Clock clock, CheckOptions options) {
    this(dns, fetcher, probe, clock, options, TlsRptRecord::select);
  }

  /**
   * The name as checked: lower case, one trailing dot removed.
   *
   * @return empty when it is not a syntactically valid DNS domain name (RFC 1035 §2.3.4, letters,
   *     digits, hyphens and underscores in labels of 1 to 63 characters, at most 253 in all, two
   *     labels or more)
   */
  public static Optional<String> normalize(String domain) {
    String name = domain.strip().toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty() || name.length() > 253 || !name.contains(".")) {
      return Optional.empty();
    }
    for (String label : name.split("\\.", -1)) {
      if (!label.matches("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?")) {
        return Optional.empty();
      }
    }
    return Optional.of(name);
  }

  /**
   * Checks {@code domain} (see {@link #normalize}). Never throws for what the network or the
   * domain's servers do.
   *
   * @throws IllegalArgumentException if {@code domain} is not a valid domain name
   */
  public DomainReport check(String domain) {
    String name =
        normalize(domain)
            .orElseThrow(() -> new IllegalArgumentException("not a domain name: " + domain));
    Instant started = clock.instant();
    Deadline deadline = Deadline.after(options.deadline());
    List<Finding> findings = new ArrayList<>();
    Optional<String> stsRecordId = Optional.empty();
    Optional<PolicyFacts> policyFacts = Optional.empty();
    Optional<CertificateFacts> policyCertificate = Optional.empty();
    List<MxReport> hosts = List.of();

    Optional<RecordsStep.Outcome> recordsOutcome =
        within(CheckStep.RECORDS, deadline.remaining(), () -> records.run(name), findings);
    recordsOutcome.ifPresent(r -> findings.addAll(r.findings()));
    Optional<List<Finding>> reportingOutcome =
        recordsOutcome.flatMap(
            r ->
                within(
                    CheckStep.REPORTING,
                    deadline.remaining(),
                    () -> reporting.run(name),
                    findings));
    reportingOutcome.ifPresent(findings::addAll);
    Optional<Policy> validPolicy = Optional.empty();
    boolean continueToMx = reportingOutcome.isPresent();
    if (continueToMx && recordsOutcome.get().stsPresent()) {
      stsRecordId = recordsOutcome.get().stsRecordId();
      Optional<PolicyStep.Outcome> policyOutcome =
          within(CheckStep.POLICY, deadline.remaining(), () -> policy.run(name), findings);
      continueToMx = policyOutcome.isPresent();
      if (policyOutcome.isPresent()) {
        findings.addAll(policyOutcome.get().findings());
        validPolicy = policyOutcome.get().policy();
        policyFacts = validPolicy.map(PolicyFacts::of);
        policyCertificate = policyOutcome.get().certificate();
      }
    }
    if (continueToMx) {
      Optional<Policy> forMx = validPolicy;
      Optional<MxStep.Outcome> mxOutcome =
          within(
              CheckStep.MX,
              deadline.remaining().plus(HAND_IN),
              () -> mx.run(name, forMx, deadline),
              findings);
      if (mxOutcome.isPresent()) {
        findings.addAll(mxOutcome.get().findings());
        hosts = mxOutcome.get().hosts();
      }
    }
    // The fix texts speak of "<domain>": name the real one.
    List<Finding> named =
        findings.stream()
            .map(
                f ->
                    new Finding(
                        f.code(), f.severity(), f.subject(), f.message().replace("<domain>", name)))
            .toList();
    return new DomainReport(
        name,
        DomainStatus.of(named),
        stsRecordId,
        policyFacts,
        policyCertificate,
        hosts,
        named,
        started);
  }

  /**
   * Runs one step on a virtual thread for at most {@code budget}; when it does not finish, it is
   * interrupted (which closes its sockets) and a {@link FindingCode#CHECK_DEADLINE} finding says
   * which step and which steps were skipped.
   */
  private <T> Optional<T> within(
      CheckStep step, Duration budget, Callable<T> work, List<Finding> findings) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread.ofVirtual().name("check-" + step.name().toLowerCase(Locale.ROOT)).start(task);
    try {
      return Optional.of(await(task, budget));
    } catch (TimeoutException e) {
      task.cancel(true);
      findings.add(
          Finding.of(
              FindingCode.CHECK_DEADLINE,
              step.title(),
              "Step "
                  + step.title()
                  + " did not finish within the deadline of "
                  + options.deadline().toSeconds()
                  + " s"
                  + skipped(step)
                  + "."));
      return Optional.empty();
    }
  }

  private static String skipped(CheckStep step) {
    List<String> later =
        java.util.Arrays.stream(CheckStep.values())
            .filter(s -> s.ordinal() > step.ordinal())
            .map(CheckStep::title)
            .toList();
    return later.isEmpty() ? "" : "; not checked: " + String.join(", ", later);
  }

  private static <T> T await(Future<T> task, Duration budget) throws TimeoutException {
    try {
      return task.get(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.cancel(true);
      throw new TimeoutException("interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("a check step failed unexpectedly", e.getCause());
    }
  }
}
