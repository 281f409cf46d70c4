package dev.mtasts.app.web;

import dev.mtasts.app.store.DomainListing;
import dev.mtasts.app.store.Paging;
import dev.mtasts.app.store.Period;
import dev.mtasts.app.store.RawReport;
import dev.mtasts.app.store.ReportDetail;
import dev.mtasts.app.store.ReportFilter;
import dev.mtasts.app.store.ReportPage;
import dev.mtasts.app.store.ReportQueries;
import dev.mtasts.core.tlsrpt.ResultType;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code /reports} (the list with its filters) and {@code /reports/{id}} (one report). */
final class ReportPages {

  private static final ObjectMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** The result types to filter by: RFC 8460 §4.3's, in its order. */
  private static final List<String> RESULT_TYPES =
      List.of(
              ResultType.STARTTLS_NOT_SUPPORTED,
              ResultType.CERTIFICATE_HOST_MISMATCH,
              ResultType.CERTIFICATE_EXPIRED,
              ResultType.CERTIFICATE_NOT_TRUSTED,
              ResultType.VALIDATION_FAILURE,
              ResultType.TLSA_INVALID,
              ResultType.DNSSEC_INVALID,
              ResultType.DANE_REQUIRED,
              ResultType.STS_POLICY_FETCH_ERROR,
              ResultType.STS_POLICY_INVALID,
              ResultType.STS_WEBPKI_INVALID)
          .stream()
          .map(ResultType::value)
          .toList();

  private final ReportQueries queries;

  ReportPages(ReportQueries queries) {
    this.queries = queries;
  }

  ReportsView list(Sessions.Session session, Fields query) throws PeriodParam.BadPeriod {
    Period period = PeriodParam.parse(query, queries.today());
    String domain = value(query, "domain");
    String organization = value(query, "organization");
    String resultType = value(query, "result_type");
    int offset = offset(query);
    ReportFilter filter =
        new ReportFilter(
            optional(domain.toLowerCase(java.util.Locale.ROOT)),
            optional(organization),
            optional(resultType),
            period);
    ReportPage page = queries.reports(filter, new Paging(Paging.DEFAULT_LIMIT, offset));
    String filters = filterQuery(domain, organization, resultType, period);
    long shownTo = offset + page.reports().size();
    return new ReportsView(
        Frame.of("Reports", session),
        domain,
        organization,
        resultType,
        period.from().map(Object::toString).orElse(""),
        period.to().map(Object::toString).orElse(""),
        RESULT_TYPES,
        queries.domains().stream().map(DomainListing::domain).toList(),
        page.total(),
        page.reports().isEmpty() ? "none" : (offset + 1) + "–" + shownTo + " of " + page.total(),
        page.reports(),
        offset == 0 ? "" : pageLink(filters, Math.max(0, offset - Paging.DEFAULT_LIMIT)),
        shownTo < page.total() ? pageLink(filters, offset + Paging.DEFAULT_LIMIT) : "",
        ApiLinks.reports(filters));
  }

  Optional<ReportView> detail(Sessions.Session session, long id) {
    Optional<ReportDetail> found = queries.report(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ReportDetail d = found.get();
    RawReport raw = queries.raw(id).orElseThrow();
    String text;
    String note;
    boolean kept;
    switch (raw) {
      case RawReport.Kept k -> {
        text = pretty(k.json());
        kept = true;
        note =
            k.asReceived()
                ? "The JSON as the sender sent it (" + k.receivedBytes() + " bytes received)."
                : "The report as read from what arrived ("
                    + k.receivedBytes()
                    + " bytes, zip or mail), written back as JSON.";
      }
      case RawReport.DroppedByRetention r -> {
        text = "";
        kept = false;
        note =
            "The raw report was dropped by reports.raw_retention_days (received "
                + r.receivedAt()
                + "); its rows are kept.";
      }
    }
    String dkim =
        d.dkim()
            .map(
                v ->
                    v.result()
                        + v.signingDomain().map(s -> " (d=" + s + ")").orElse("")
                        + v.alignedWithFrom()
                            .map(a -> a ? ", aligned with From" : ", not aligned with From")
                            .orElse(""))
            .orElse("not verified (the report did not come by mail)");
    return Optional.of(
        new ReportView(
            Frame.of("Report " + d.listing().reportId(), session),
            d,
            dkim,
            text,
            kept,
            note,
            ApiLinks.report(id),
            ApiLinks.raw(id),
            "/domains/" + ApiLinks.encode(d.listing().domain())));
  }

  /** The JSON indented for reading; as it is when it does not parse (it did, to be stored). */
  private static String pretty(String json) {
    try {
      JsonNode node = PRETTY.readTree(json);
      return PRETTY.writeValueAsString(node);
    } catch (RuntimeException e) {
      return json;
    }
  }

  private static String filterQuery(String domain, String org, String type, Period period) {
    StringBuilder q = new StringBuilder();
    append(q, "domain", domain);
    append(q, "organization", org);
    append(q, "result_type", type);
    String p = PeriodParam.query(period);
    if (!p.isEmpty()) {
      q.append(q.isEmpty() ? "" : "&").append(p);
    }
    return q.toString();
  }

  private static void append(StringBuilder q, String name, String value) {
    if (!value.isEmpty()) {
      q.append(q.isEmpty() ? "" : "&").append(name).append('=').append(ApiLinks.encode(value));
    }
  }

  private static String pageLink(String filters, int offset) {
    return "/reports?" + (filters.isEmpty() ? "" : filters + "&") + "offset=" + offset;
  }

  private static int offset(Fields query) throws PeriodParam.BadPeriod {
    String v = value(query, "offset");
    if (v.isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(v);
      if (offset < 0 || offset > Paging.MAX_OFFSET) {
        throw new PeriodParam.BadPeriod("offset is 0.." + Paging.MAX_OFFSET);
      }
      return offset;
    } catch (NumberFormatException e) {
      throw new PeriodParam.BadPeriod("offset is a number");
    }
  }

  private static String value(Fields query, String name) {
    String v = query.getValue(name);
    return v == null ? "" : v.strip();
  }

  private static Optional<String> optional(String v) {
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }
}
