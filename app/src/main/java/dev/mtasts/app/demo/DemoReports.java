package dev.mtasts.app.demo;

import dev.mtasts.app.lab.Scenario;
import dev.mtasts.app.lab.Setup;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ResultType;
import dev.mtasts.core.tlsrpt.Summary;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * A month of TLS reports (RFC 8460 §4) about the lab's domains, as the demo's {@link Sender}s would
 * write them: one report per sender, policy domain and UTC day, the sessions of each failing the
 * way the domain's one defect makes them fail ({@link Traffic}). The same seed and days give the
 * same reports, so feeding them twice stores them once.
 *
 * <p>One story is added: {@code good.test} moved from {@code testing} to {@code enforce} (with a
 * second MX) {@link #POLICY_CHANGE_DAYS_AGO} days ago, and one sender keeps applying the old
 * policy, so the dashboard has a stale policy to show.
 */
final class DemoReports {

  static final String CHANGED_DOMAIN = "good.test";
  static final int POLICY_CHANGE_DAYS_AGO = 12;
  private static final double IRREGULAR_SENDER_REPORTS = 0.55;
  private static final int MAX_POLICY_FETCH_FAILURES = 3;

  private final List<Scenario> scenarios;
  private final Function<String, Optional<String>> addressOf;
  private final long seed;

  /**
   * @param scenarios the lab's domains
   * @param addressOf the address of an MX host, for {@code receiving-ip}
   * @param seed what makes the numbers
   */
  DemoReports(List<Scenario> scenarios, Function<String, Optional<String>> addressOf, long seed) {
    this.scenarios = List.copyOf(scenarios);
    this.addressOf = addressOf;
    this.seed = seed;
  }

  /** The reports for the {@code days} UTC days before {@code today}. */
  List<Report> forDaysBefore(LocalDate today, int days) {
    List<Report> reports = new ArrayList<>();
    for (int ago = days; ago >= 1; ago--) {
      LocalDate day = today.minusDays(ago);
      for (Sender sender : Sender.ALL) {
        for (Scenario scenario : scenarios) {
          // One random stream per (day, sender, domain): adding a domain changes nothing else.
          Random random =
              new Random(
                  seed
                      ^ day.toEpochDay() * 31
                      ^ sender.organization().hashCode() * 17L
                      ^ scenario.domain().hashCode());
          if (!sender.reportsDaily() && random.nextDouble() > IRREGULAR_SENDER_REPORTS) {
            continue;
          }
          Setup applied = appliedPolicy(scenario, sender, ago);
          List<PolicyResult> policies =
              policies(scenario.domain(), applied, Traffic.of(scenario), sender, random);
          if (!policies.isEmpty()) {
            reports.add(report(day, sender, scenario.domain(), policies, random));
          }
        }
      }
    }
    return reports;
  }

  private static Setup appliedPolicy(Scenario scenario, Sender sender, int daysAgo) {
    boolean beforeChange = daysAgo > POLICY_CHANGE_DAYS_AGO;
    if (scenario.domain().equals(CHANGED_DOMAIN) && (beforeChange || sender.keepsStalePolicies())) {
      return scenario
          .setup()
          .withMode("testing")
          .withMxPatterns("mx1." + CHANGED_DOMAIN)
          .withMaxAge(86_400);
    }
    return scenario.setup();
  }

  private List<PolicyResult> policies(
      String domain, Setup setup, Traffic traffic, Sender sender, Random random) {
    long sessions = Math.round(sender.dailySessions() * (0.6 + 0.8 * random.nextDouble()));
    return switch (traffic) {
      case Traffic.Silent() -> List.of();
      case Traffic.NoPolicy() -> List.of(noPolicy(domain, sessions));
      case Traffic.PolicyFailure(ResultType type, String reason, String mxHost) -> {
        // No policy text to name (RFC 8460 §4.4 policy-string), so the failed fetches go with the
        // sessions delivered without a policy.
        long fetches = 1L + random.nextInt(MAX_POLICY_FETCH_FAILURES);
        FailureDetails failure =
            new FailureDetails(
                type,
                Optional.of(pick(sender.sendingIps(), random)),
                Optional.of(mxHost),
                Optional.empty(),
                addressOf.apply(mxHost),
                fetches,
                Optional.empty(),
                Optional.of(reason));
        yield List.of(
            new PolicyResult(
                noPolicyDetails(domain), new Summary(sessions, fetches), List.of(failure)));
      }
      case Traffic.Applied(List<Traffic.MxShare> shares) -> {
        long successful = 0;
        long failed = 0;
        List<FailureDetails> failures = new ArrayList<>();
        for (Traffic.MxShare mx : shares) {
          long toHost = Math.round(sessions * mx.share());
          if (mx.failure().isEmpty()) {
            successful += toHost;
            continue;
          }
          failed += toHost;
          List<String> ips = sender.sendingIps();
          for (int i = 0; i < ips.size(); i++) {
            // the remainder goes to the first address, so the details add up to the summary
            long count = toHost / ips.size() + (i == 0 ? toHost % ips.size() : 0);
            if (count > 0) {
              failures.add(
                  new FailureDetails(
                      mx.failure().get(),
                      Optional.of(ips.get(i)),
                      Optional.of(mx.host()),
                      Optional.empty(),
                      addressOf.apply(mx.host()),
                      count,
                      Optional.empty(),
                      Optional.of(mx.reasonCode())));
            }
          }
        }
        yield List.of(
            new PolicyResult(stsPolicy(domain, setup), new Summary(successful, failed), failures));
      }
    };
  }

  private static PolicyResult noPolicy(String domain, long sessions) {
    return new PolicyResult(noPolicyDetails(domain), new Summary(sessions, 0), List.of());
  }

  private static PolicyDetails noPolicyDetails(String domain) {
    return new PolicyDetails(PolicyType.NO_POLICY_FOUND, List.of(), Optional.of(domain), List.of());
  }

  // RFC 8460 §4.4: policy-string holds the policy's lines as applied; mx-host its patterns.
  private static PolicyDetails stsPolicy(String domain, Setup setup) {
    List<String> lines = setup.policyText().lines().toList();
    return new PolicyDetails(PolicyType.STS, lines, Optional.of(domain), setup.mxPatterns());
  }

  private static Report report(
      LocalDate day, Sender sender, String domain, List<PolicyResult> policies, Random random) {
    String start = day + "T00:00:00Z";
    String id =
        switch (sender.reportIdStyle()) {
          case DATE_AND_DOMAIN -> start + "_" + domain;
          case NUMBER_AND_DOMAIN ->
              (133_000_000_000_000_000L + random.nextLong(1L << 40)) + "+" + domain;
          case OPAQUE -> HexFormat.of().toHexDigits(random.nextLong());
        };
    return new Report(
        sender.organization(),
        day.atStartOfDay().toInstant(ZoneOffset.UTC),
        day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1),
        Optional.of(sender.contact()),
        id,
        policies);
  }

  private static String pick(List<String> values, Random random) {
    return values.get(random.nextInt(values.size()));
  }
}
