package dev.mtasts.app.api;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.store.Period;
import dev.mtasts.app.store.RawReport;
import dev.mtasts.app.store.ReportDetail;
import dev.mtasts.app.store.ReportFilter;
import dev.mtasts.app.store.ReportPage;
import dev.mtasts.app.store.ReportQueries;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The dashboard's calls under {@code /api/v1/} (docs/dashboard-api.md): the overview, each table of
 * the domain page, the report list, a report and its raw JSON. Every one reads {@link
 * ReportQueries}, as the pages do; every table is also a CSV or JSON download ({@code
 * ?format=csv|json}).
 */
final class DashboardApi {

  private static final String DOMAINS = "/api/v1/domains/";
  private static final String REPORTS = "/api/v1/reports";
  private static final Set<String> PERIOD = Set.of("from", "to", "format");
  private static final Set<String> LIST =
      Set.of("domain", "organization", "result_type", "from", "to", "limit", "offset", "format");
  private static final Set<String> FORMAT = Set.of("format");
  private static final Set<String> DOMAIN_TABLES =
      Set.of(
          "page",
          "series",
          "by-result-type",
          "by-organization",
          "by-mx-host",
          "by-sending-ip",
          "policies");

  private final ReportQueries queries;
  private final List<String> configuredDomains;

  DashboardApi(ReportQueries queries, List<String> configuredDomains) {
    this.queries = queries;
    this.configuredDomains = configuredDomains.stream().map(Attribution::normalize).toList();
  }

  /** Answers {@code path} when it is one of these calls; false otherwise. */
  boolean handle(String path, Request request, Response response, Callback callback) {
    try {
      return route(path, request, response, callback);
    } catch (BadRequest e) {
      return Exchange.error(response, callback, e.status, e.code, e.getMessage());
    }
  }

  private boolean route(String path, Request request, Response response, Callback callback) {
    if (path.equals("/api/v1/overview")) {
      QueryParameters q = parameters(request, FORMAT);
      var domains = queries.overview(configuredDomains);
      return answer(
          response,
          callback,
          q.format(),
          "mtasts-overview",
          DashboardJson.overview(queries.today(), domains),
          () -> Tables.overview(domains));
    }
    if (path.equals(REPORTS)) {
      return reportList(request, response, callback);
    }
    if (path.startsWith(REPORTS + "/")) {
      return report(path.substring(REPORTS.length() + 1), request, response, callback);
    }
    if (path.startsWith(DOMAINS)) {
      String[] parts = path.substring(DOMAINS.length()).split("/", -1);
      if (parts.length != 2 || !DOMAIN_TABLES.contains(parts[1])) {
        return false;
      }
      return domainTable(parts[0], parts[1], request, response, callback);
    }
    return false;
  }

  private boolean domainTable(
      String given, String table, Request request, Response response, Callback callback) {
    String domain = QueryParameters.domain(given, "BAD_DOMAIN");
    Function<Period, Optional<Answer>> call =
        switch (table) {
          case "page" ->
              p -> Optional.of(new Answer(DashboardJson.page(queries.domainPage(domain, p)), null));
          case "series" ->
              p -> {
                var rows = queries.series(domain, p);
                return Optional.of(
                    new Answer(DashboardJson.series(domain, p, rows), Tables.series(rows)));
              };
          case "by-result-type" ->
              p -> {
                var rows = queries.failuresByResultType(domain, p);
                return Optional.of(
                    new Answer(
                        DashboardJson.byResultType(domain, p, rows), Tables.byResultType(rows)));
              };
          case "by-organization" ->
              p -> {
                var rows = queries.sessionsByOrganization(domain, p);
                return Optional.of(
                    new Answer(
                        DashboardJson.byOrganization(domain, p, rows),
                        Tables.byOrganization(rows)));
              };
          case "by-mx-host" ->
              p -> {
                var rows = queries.failuresByMxHost(domain, p);
                return Optional.of(
                    new Answer(DashboardJson.byMxHost(domain, p, rows), Tables.byMxHost(rows)));
              };
          case "by-sending-ip" ->
              p -> {
                var rows = queries.failuresBySendingIp(domain, p);
                return Optional.of(
                    new Answer(
                        DashboardJson.bySendingIp(domain, p, rows), Tables.bySendingIp(rows)));
              };
          case "policies" ->
              p -> {
                var rows = queries.policies(domain, p);
                return Optional.of(
                    new Answer(DashboardJson.policies(domain, p, rows), Tables.policies(rows)));
              };
          default -> p -> Optional.empty();
        };
    QueryParameters q = parameters(request, PERIOD);
    Period period = q.period();
    QueryParameters.Format format = q.format();
    if (!configuredDomains.contains(domain) && !queries.hasReports(domain)) {
      throw new BadRequest(
          404, "UNKNOWN_DOMAIN", "no reports for " + domain + " and it is not in reports.domains");
    }
    Optional<Answer> answer = call.apply(period);
    if (answer.isEmpty()) {
      return false;
    }
    if (answer.get().table() == null && format == QueryParameters.Format.CSV) {
      throw new BadRequest(
          400,
          "BAD_FORMAT",
          "the page has several tables; export each one (e.g. /series?format=csv)");
    }
    String name =
        "mtasts-"
            + domain
            + "-"
            + table
            + period.from().map(d -> "-from-" + d).orElse("")
            + period.to().map(d -> "-to-" + d).orElse("");
    return answer(response, callback, format, name, answer.get().json(), answer.get()::table);
  }

  private record Answer(String json, Table table) {}

  private boolean reportList(Request request, Response response, Callback callback) {
    QueryParameters q = parameters(request, LIST);
    ReportFilter filter =
        new ReportFilter(
            q.domainFilter(), q.organizationFilter(), q.resultTypeFilter(), q.period());
    ReportPage page = queries.reports(filter, q.paging());
    return answer(
        response,
        callback,
        q.format(),
        "mtasts-reports",
        DashboardJson.reports(page),
        () -> Tables.reports(page.reports()));
  }

  private boolean report(String rest, Request request, Response response, Callback callback) {
    boolean raw = rest.endsWith("/raw");
    String idText = raw ? rest.substring(0, rest.length() - "/raw".length()) : rest;
    long id;
    try {
      id = Long.parseLong(idText);
    } catch (NumberFormatException e) {
      throw new BadRequest(
          400, "BAD_REPORT_ID", "a report id is a whole number, not \"" + idText + "\"");
    }
    if (raw) {
      parameters(request, Set.of());
      RawReport r =
          queries
              .raw(id)
              .orElseThrow(() -> new BadRequest(404, "UNKNOWN_REPORT", "no report " + id));
      return switch (r) {
        case RawReport.Kept k -> {
          response.getHeaders().put("X-Mtasts-Raw-As-Received", String.valueOf(k.asReceived()));
          yield Exchange.json(response, callback, 200, k.json());
        }
        case RawReport.DroppedByRetention d ->
            Exchange.error(
                response,
                callback,
                410,
                "RAW_REPORT_DROPPED",
                "the raw report (received "
                    + d.receivedAt()
                    + ") was dropped by reports.raw_retention_days; its stored rows remain");
      };
    }
    QueryParameters q = parameters(request, FORMAT);
    ReportDetail detail =
        queries
            .report(id)
            .orElseThrow(() -> new BadRequest(404, "UNKNOWN_REPORT", "no report " + id));
    return answer(
        response,
        callback,
        q.format(),
        "mtasts-report-" + id,
        DashboardJson.report(detail),
        () -> Tables.failureDetails(detail));
  }

  private static QueryParameters parameters(Request request, Set<String> allowed) {
    return new QueryParameters(Request.extractQueryParameters(request), allowed);
  }

  private interface TableSupplier {
    Table get();
  }

  private static boolean answer(
      Response response,
      Callback callback,
      QueryParameters.Format format,
      String fileName,
      String json,
      TableSupplier table) {
    return switch (format) {
      case JSON -> Exchange.json(response, callback, 200, json);
      case JSON_ATTACHMENT -> {
        attachment(response, fileName + ".json");
        yield Exchange.json(response, callback, 200, json);
      }
      case CSV -> {
        attachment(response, fileName + ".csv");
        yield Exchange.send(
            response, callback, 200, "text/csv; charset=utf-8", Csv.of(table.get()));
      }
    };
  }

  /** {@code name} holds only a domain's characters, digits and dashes: nothing to escape. */
  private static void attachment(Response response, String name) {
    response
        .getHeaders()
        .put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
  }
}
