package dev.mtasts.app.api;

import dev.mtasts.app.store.DailySessions;
import dev.mtasts.app.store.DkimVerdict;
import dev.mtasts.app.store.DomainOverview;
import dev.mtasts.app.store.DomainPage;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.FailureGroup;
import dev.mtasts.app.store.OrganizationSessions;
import dev.mtasts.app.store.Period;
import dev.mtasts.app.store.PolicySeen;
import dev.mtasts.app.store.PolicySender;
import dev.mtasts.app.store.ReportDetail;
import dev.mtasts.app.store.ReportListing;
import dev.mtasts.app.store.ReportPage;
import dev.mtasts.app.store.StoredFailure;
import dev.mtasts.app.store.StoredPolicy;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import tools.jackson.core.JsonGenerator;

/**
 * The JSON of the dashboard's API (docs/dashboard-api.md), snake_case like the summary: the API
 * answers with it and {@code report summary --json} prints it.
 */
public final class DashboardJson {

  private DashboardJson() {}

  /** The summary of docs/configuration.md, unchanged. */
  public static String summary(DomainSummary s) {
    return ReportsApi.summary(s);
  }

  /** Every table of the domain page in one object. */
  public static String page(DomainPage p) {
    return Json.write(
        g -> {
          g.writeStartObject();
          head(g, p.summary().domain(), p.period());
          g.writeNumberProperty("reports", p.summary().reports());
          g.writeNumberProperty("successful", p.summary().successful());
          g.writeNumberProperty("failed", p.summary().failed());
          rate(g, new DomainSummary.Sessions(p.summary().successful(), p.summary().failed()));
          g.writeName("series");
          series(g, p.series());
          g.writeName("by_result_type");
          groups(g, "result_type", p.byResultType());
          g.writeName("by_organization");
          organizations(g, p.byOrganization());
          g.writeName("by_mx_host");
          groups(g, "mx_host", p.byMxHost());
          g.writeName("by_sending_ip");
          groups(g, "sending_ip", p.bySendingIp());
          g.writeName("policies");
          policies(g, p.policies());
          g.writeEndObject();
        });
  }

  public static String series(String domain, Period period, List<DailySessions> series) {
    return table(domain, period, "series", g -> series(g, series));
  }

  public static String byResultType(String domain, Period period, List<FailureGroup> groups) {
    return table(domain, period, "by_result_type", g -> groups(g, "result_type", groups));
  }

  public static String byMxHost(String domain, Period period, List<FailureGroup> groups) {
    return table(domain, period, "by_mx_host", g -> groups(g, "mx_host", groups));
  }

  public static String bySendingIp(String domain, Period period, List<FailureGroup> groups) {
    return table(domain, period, "by_sending_ip", g -> groups(g, "sending_ip", groups));
  }

  public static String byOrganization(
      String domain, Period period, List<OrganizationSessions> orgs) {
    return table(domain, period, "by_organization", g -> organizations(g, orgs));
  }

  public static String policies(String domain, Period period, List<PolicySeen> policies) {
    return table(domain, period, "policies", g -> policies(g, policies));
  }

  public static String overview(LocalDate today, List<DomainOverview> domains) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeStringProperty("today", today.toString());
          g.writeArrayPropertyStart("domains");
          for (DomainOverview d : domains) {
            g.writeStartObject();
            g.writeStringProperty("domain", d.domain());
            g.writeNumberProperty("reports", d.reports());
            optional(g, "last_day", d.lastDay().map(Object::toString));
            g.writeArrayPropertyStart("policy_modes");
            d.policyModes().forEach(g::writeString);
            g.writeEndArray();
            g.writeName("last_7_days");
            sessions(g, d.last7());
            g.writeName("last_30_days");
            sessions(g, d.last30());
            g.writeName("trend");
            series(g, d.trend());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  public static String reports(ReportPage page) {
    return Json.write(
        g -> {
          g.writeStartObject();
          g.writeNumberProperty("total", page.total());
          g.writeNumberProperty("limit", page.paging().limit());
          g.writeNumberProperty("offset", page.paging().offset());
          g.writeArrayPropertyStart("reports");
          for (ReportListing r : page.reports()) {
            g.writeStartObject();
            listing(g, r);
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  public static String report(ReportDetail d) {
    return Json.write(
        g -> {
          g.writeStartObject();
          listing(g, d.listing());
          optional(g, "contact", d.contact());
          optional(g, "source_detail", d.sourceDetail());
          g.writeNumberProperty("raw_size", d.rawSize());
          g.writeBooleanProperty("raw_kept", d.rawKept());
          g.writeArrayPropertyStart("warnings");
          d.warnings().forEach(g::writeString);
          g.writeEndArray();
          g.writeName("dkim");
          if (d.dkim().isEmpty()) {
            g.writeNull();
          } else {
            DkimVerdict v = d.dkim().get();
            g.writeStartObject();
            g.writeStringProperty("result", v.result());
            optional(g, "signing_domain", v.signingDomain());
            g.writeName("aligned_with_from");
            if (v.alignedWithFrom().isPresent()) {
              g.writeBoolean(v.alignedWithFrom().get());
            } else {
              g.writeNull();
            }
            g.writeEndObject();
          }
          g.writeArrayPropertyStart("policies");
          for (StoredPolicy p : d.policies()) {
            storedPolicy(g, p);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static void storedPolicy(JsonGenerator g, StoredPolicy p) {
    g.writeStartObject();
    g.writeStringProperty("policy_type", p.policyType());
    optional(g, "policy_domain", p.policyDomain());
    strings(g, "policy_strings", p.policyStrings());
    strings(g, "mx_hosts", p.mxHosts());
    g.writeNumberProperty("successful", p.successful());
    g.writeNumberProperty("failed", p.failed());
    g.writeArrayPropertyStart("failure_details");
    for (StoredFailure f : p.failures()) {
      g.writeStartObject();
      g.writeStringProperty("result_type", f.resultType());
      optional(g, "sending_mta_ip", f.sendingMtaIp());
      optional(g, "receiving_mx_hostname", f.receivingMxHostname());
      optional(g, "receiving_mx_helo", f.receivingMxHelo());
      optional(g, "receiving_ip", f.receivingIp());
      g.writeNumberProperty("failed_session_count", f.failedSessionCount());
      optional(g, "additional_information", f.additionalInformation());
      optional(g, "failure_reason_code", f.failureReasonCode());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void listing(JsonGenerator g, ReportListing r) {
    g.writeNumberProperty("id", r.id());
    g.writeStringProperty("domain", r.domain());
    g.writeStringProperty("organization", r.organization());
    g.writeStringProperty("report_id", r.reportId());
    g.writeStringProperty("day", r.day().toString());
    g.writeStringProperty("start", r.start().toString());
    g.writeStringProperty("end", r.end().toString());
    g.writeNumberProperty("successful", r.successful());
    g.writeNumberProperty("failed", r.failed());
    g.writeStringProperty("received_at", r.receivedAt().toString());
    g.writeStringProperty("source", r.source());
    optional(g, "dkim_result", r.dkimResult());
  }

  private interface Body {
    void write(JsonGenerator g);
  }

  private static String table(String domain, Period period, String name, Body rows) {
    return Json.write(
        g -> {
          g.writeStartObject();
          head(g, domain, period);
          g.writeName(name);
          rows.write(g);
          g.writeEndObject();
        });
  }

  private static void head(JsonGenerator g, String domain, Period period) {
    g.writeStringProperty("domain", domain);
    optional(g, "from", period.from().map(Object::toString));
    optional(g, "to", period.to().map(Object::toString));
  }

  private static void series(JsonGenerator g, List<DailySessions> series) {
    g.writeStartArray();
    for (DailySessions d : series) {
      g.writeStartObject();
      g.writeStringProperty("day", d.day().toString());
      g.writeNumberProperty("successful", d.successful());
      g.writeNumberProperty("failed", d.failed());
      rate(g, d.sessions());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void sessions(JsonGenerator g, DomainSummary.Sessions s) {
    g.writeStartObject();
    g.writeNumberProperty("successful", s.successful());
    g.writeNumberProperty("failed", s.failed());
    rate(g, s);
    g.writeEndObject();
  }

  private static void groups(JsonGenerator g, String keyName, List<FailureGroup> groups) {
    g.writeStartArray();
    for (FailureGroup f : groups) {
      g.writeStartObject();
      g.writeStringProperty(keyName, f.key());
      g.writeNumberProperty("failed", f.failed());
      if (!keyName.equals("result_type")) {
        counts(g, f.byResultType());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void organizations(JsonGenerator g, List<OrganizationSessions> orgs) {
    g.writeStartArray();
    for (OrganizationSessions o : orgs) {
      g.writeStartObject();
      g.writeStringProperty("organization", o.organization());
      g.writeNumberProperty("successful", o.successful());
      g.writeNumberProperty("failed", o.failed());
      rate(g, new DomainSummary.Sessions(o.successful(), o.failed()));
      counts(g, o.byResultType());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void policies(JsonGenerator g, List<PolicySeen> policies) {
    g.writeStartArray();
    for (PolicySeen p : policies) {
      g.writeStartObject();
      g.writeStringProperty("policy_type", p.policyType());
      strings(g, "policy_strings", p.policyStrings());
      optional(g, "mode", p.mode());
      strings(g, "mx", p.mx());
      g.writeName("max_age");
      if (p.maxAge().isPresent()) {
        g.writeNumber(p.maxAge().get());
      } else {
        g.writeNull();
      }
      g.writeStringProperty("first_day", p.firstDay().toString());
      g.writeStringProperty("last_day", p.lastDay().toString());
      g.writeBooleanProperty("current", p.current());
      g.writeNumberProperty("successful", p.successful());
      g.writeNumberProperty("failed", p.failed());
      g.writeArrayPropertyStart("senders");
      for (PolicySender s : p.senders()) {
        g.writeStartObject();
        g.writeStringProperty("organization", s.organization());
        g.writeStringProperty("first_day", s.firstDay().toString());
        g.writeStringProperty("last_day", s.lastDay().toString());
        g.writeNumberProperty("successful", s.successful());
        g.writeNumberProperty("failed", s.failed());
        g.writeBooleanProperty("stale", s.stale());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void counts(JsonGenerator g, Map<String, Long> byType) {
    g.writeObjectPropertyStart("by_result_type");
    byType.forEach(g::writeNumberProperty);
    g.writeEndObject();
  }

  /** {@code success_rate}: 0..1 rounded to four decimals, null without sessions. */
  private static void rate(JsonGenerator g, DomainSummary.Sessions s) {
    g.writeName("success_rate");
    OptionalDouble r = s.successRate();
    if (r.isPresent()) {
      g.writeNumber(Math.round(r.getAsDouble() * 10_000) / 10_000.0);
    } else {
      g.writeNull();
    }
  }

  private static void strings(JsonGenerator g, String name, List<String> values) {
    g.writeArrayPropertyStart(name);
    values.forEach(g::writeString);
    g.writeEndArray();
  }

  private static void optional(JsonGenerator g, String name, Optional<String> value) {
    g.writeName(name);
    if (value.isPresent()) {
      g.writeString(value.get());
    } else {
      g.writeNull();
    }
  }
}
