package dev.mtasts.app.api;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.readiness.ReadinessJson;
import dev.mtasts.app.readiness.ReadinessService;
import dev.mtasts.app.store.DomainListing;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.ReportStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The JSON API under {@code /api/v1/} (docs/configuration.md): {@code GET /api/v1/domains}, {@code
 * GET /api/v1/domains/{domain}/summary?from=YYYY-MM-DD&to=YYYY-MM-DD} and {@code
 * /api/v1/openapi.json}, and {@code GET /api/v1/domains/{domain}/readiness} (docs/readiness.md);
 * the dashboard's calls are {@link DashboardApi}'s.
 */
final class ReportsApi {

  private static final String PREFIX = "/api/v1/domains/";
  private static final String SUMMARY = "/summary";
  private static final String READINESS = "/readiness";

  private final ReportStore store;
  private final ReadinessService readiness;
  private final List<String> configuredDomains;
  private final String openApi;
  private final DashboardApi dashboard;

  ReportsApi(ReportStore store, ReadinessService readiness, List<String> configuredDomains) {
    this.store = store;
    this.readiness = readiness;
    this.configuredDomains = List.copyOf(configuredDomains);
    this.dashboard = new DashboardApi(store.queries(), this.configuredDomains);
    try (InputStream in = ReportsApi.class.getResourceAsStream("/api/openapi.json")) {
      this.openApi = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code path} when it is an API path; false otherwise. */
  boolean handle(String path, Request request, Response response, Callback callback) {
    if (!"GET".equals(request.getMethod())) {
      return Exchange.error(
          response, callback, 405, "METHOD_NOT_ALLOWED", "the API is read with GET");
    }
    if (path.equals("/api/v1/openapi.json")) {
      return Exchange.json(response, callback, 200, openApi);
    }
    if (path.equals("/api/v1/domains")) {
      return Exchange.json(response, callback, 200, domains(store.domains()));
    }
    if (path.startsWith(PREFIX) && path.endsWith(READINESS)) {
      String domain = path.substring(PREFIX.length(), path.length() - READINESS.length());
      if (domain.isEmpty() || domain.contains("/")) {
        return false;
      }
      return Exchange.json(response, callback, 200, ReadinessJson.write(readiness.assess(domain)));
    }
    if (path.startsWith(PREFIX) && path.endsWith(SUMMARY)) {
      String domain = path.substring(PREFIX.length(), path.length() - SUMMARY.length());
      if (domain.isEmpty() || domain.contains("/")) {
        return false;
      }
      Fields query = Request.extractQueryParameters(request);
      Optional<LocalDate> from;
      Optional<LocalDate> to;
      try {
        from = date(query.getValue("from"));
        to = date(query.getValue("to"));
      } catch (DateTimeParseException e) {
        return Exchange.error(
            response, callback, 400, "BAD_DATE", "from and to are dates as YYYY-MM-DD");
      }
      DomainSummary s = store.summary(Attribution.normalize(domain), from, to);
      return Exchange.json(response, callback, 200, summary(s));
    }
    return dashboard.handle(path, request, response, callback);
  }

  private static Optional<LocalDate> date(String value) {
    return value == null || value.isEmpty()
        ? Optional.empty()
        : Optional.of(LocalDate.parse(value));
  }

  private String domains(List<DomainListing> listings) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeName("configured_domains");
          if (configuredDomains.isEmpty()) {
            g.writeNull(); // no-config mode: reports for every domain are accepted
          } else {
            g.writeStartArray();
            configuredDomains.forEach(g::writeString);
            g.writeEndArray();
          }
          g.writeArrayPropertyStart("domains");
          for (DomainListing d : listings) {
            g.writeStartObject();
            g.writeStringProperty("domain", d.domain());
            g.writeStringProperty("first_day", d.firstDay());
            g.writeStringProperty("last_day", d.lastDay());
            g.writeNumberProperty("successful", d.successful());
            g.writeNumberProperty("failed", d.failed());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  // {"domain":"...","reports":N,"successful":N,"failed":N,"by_result_type":{...},
  //  "by_organization":{"Google Inc.":{"successful":N,"failed":N}}}
  static String summary(DomainSummary s) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeStringProperty("domain", s.domain());
          g.writeNumberProperty("reports", s.reports());
          g.writeNumberProperty("successful", s.successful());
          g.writeNumberProperty("failed", s.failed());
          g.writeObjectPropertyStart("by_result_type");
          for (Map.Entry<String, Long> e : s.byResultType().entrySet()) {
            g.writeNumberProperty(e.getKey(), e.getValue());
          }
          g.writeEndObject();
          g.writeObjectPropertyStart("by_organization");
          for (Map.Entry<String, DomainSummary.Sessions> e : s.byOrganization().entrySet()) {
            g.writeObjectPropertyStart(e.getKey());
            g.writeNumberProperty("successful", e.getValue().successful());
            g.writeNumberProperty("failed", e.getValue().failed());
            g.writeEndObject();
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }
}
