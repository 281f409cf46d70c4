package dev.mtasts.app.cli;

import dev.mtasts.app.api.DashboardJson;
import dev.mtasts.app.api.Tables;
import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.serve.ConfigOptions;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.store.DomainPage;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.Period;
import dev.mtasts.app.store.ReportQueries;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code report summary DOMAIN [--from DATE] [--to DATE] [--json]}: the domain page's tables in the
 * terminal, from the same queries as the dashboard and the API (docs/dashboard-api.md).
 */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = {
      "Show a domain's report tables, as its dashboard page does.",
      "Totals, sessions per day, failures by result type, organisation, MX host, sending IP.",
      "Policies senders applied (stale: still applied after a newer one appeared).",
      "Days are the UTC days the reports' date ranges start on; both bounds inclusive.",
      "Exit 0: printed.",
      "Exit 75 (EX_TEMPFAIL): the store is unavailable.",
      "Exit 2: usage error, bad date, or a domain without reports and not configured."
    })
final class ReportSummaryCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOptions options;

  @Parameters(index = "0", paramLabel = "DOMAIN", description = "the policy domain")
  String domainArg;

  @Option(names = "--from", paramLabel = "DATE", description = "first day, YYYY-MM-DD (UTC)")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "last day, YYYY-MM-DD (UTC)")
  String to;

  @Option(names = "--json", description = "the API's JSON (GET /api/v1/domains/DOMAIN/page)")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<ServeConfig> config = options.load("report summary", err);
    if (config.isEmpty()) {
      return ExitCodes.TOOL_ERROR;
    }
    if (!(Domain.parse(domainArg.strip()) instanceof ParseResult.Ok<Domain> ok)) {
      err.println("mtasts report summary: \"" + domainArg + "\" is not a domain name");
      return ExitCodes.TOOL_ERROR;
    }
    String domain = ok.value().ascii();
    Period period;
    try {
      period = new Period(date("--from", from), date("--to", to));
    } catch (IllegalArgumentException e) {
      err.println("mtasts report summary: " + e.getMessage());
      return ExitCodes.TOOL_ERROR;
    }
    try (ReportStore store = ReportStore.open(config.get().storeLocation())) {
      ReportQueries queries = store.queries();
      boolean configured =
          config.get().reports().domains().stream()
              .map(Attribution::normalize)
              .anyMatch(domain::equals);
      if (!configured && !queries.hasReports(domain)) {
        err.println(
            "mtasts report summary: no reports for "
                + domain
                + " and reports.domains does not name it");
        return ExitCodes.TOOL_ERROR;
      }
      DomainPage page = queries.domainPage(domain, period);
      if (json) {
        out.println(DashboardJson.page(page));
      } else {
        print(out, domain, page);
      }
    } catch (StoreUnavailableException e) {
      err.println("mtasts report summary: the store is unavailable: " + e.getMessage());
      return ExitCodes.TEMPORARY_FAILURE;
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** A date option; a bad one is an {@link IllegalArgumentException} naming the option. */
  private static Optional<LocalDate> date(String option, String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " must be a date as YYYY-MM-DD, not \"" + value + "\"", e);
    }
  }

  private static void print(PrintWriter out, String domain, DomainPage page) {
    DomainSummary s = page.summary();
    String period =
        page.period().from().isEmpty() && page.period().to().isEmpty()
            ? "all time"
            : page.period().from().map(Object::toString).orElse("…")
                + " to "
                + page.period().to().map(Object::toString).orElse("…");
    out.println(domain + ", " + period + " (UTC days the reports start on)");
    String rate = Tables.rate(new DomainSummary.Sessions(s.successful(), s.failed()));
    out.println(
        "reports "
            + s.reports()
            + ", successful sessions "
            + s.successful()
            + ", failed sessions "
            + s.failed()
            + (rate.isEmpty() ? "" : ", success rate " + rate));
    out.println();
    TextTable.print(out, "Sessions per day", Tables.series(page.series()));
    TextTable.print(out, "Failures by result type", Tables.byResultType(page.byResultType()));
    TextTable.print(
        out, "Sessions by sending organisation", Tables.byOrganization(page.byOrganization()));
    TextTable.print(out, "Failures by MX host", Tables.byMxHost(page.byMxHost()));
    TextTable.print(out, "Failures by sending IP", Tables.bySendingIp(page.bySendingIp()));
    TextTable.print(
        out,
        "Policies senders applied (stale: still applied after a newer one appeared)",
        Tables.policies(page.policies()));
  }
}
