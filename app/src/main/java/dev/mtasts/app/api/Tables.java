package dev.mtasts.app.api;

import dev.mtasts.app.store.DailySessions;
import dev.mtasts.app.store.DomainOverview;
import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.FailureGroup;
import dev.mtasts.app.store.OrganizationSessions;
import dev.mtasts.app.store.PolicySeen;
import dev.mtasts.app.store.PolicySender;
import dev.mtasts.app.store.ReportDetail;
import dev.mtasts.app.store.ReportListing;
import dev.mtasts.app.store.StoredFailure;
import dev.mtasts.app.store.StoredPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The dashboard's tables as text cells, from the query results: the CSV exports and {@code report
 * summary}'s text print these, so they show the same columns.
 */
public final class Tables {

  private Tables() {}

  /** A success rate 0..1 with four decimals; "" without sessions. */
  public static String rate(DomainSummary.Sessions s) {
    OptionalDouble r = s.successRate();
    return r.isPresent() ? String.format(Locale.ROOT, "%.4f", r.getAsDouble()) : "";
  }

  /** {@code type=N type=N}, by type. */
  static String resultTypes(Map<String, Long> byType) {
    return byType.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  private static Table table(String name, String columns, String numeric, List<List<String>> rows) {
    List<String> cols = List.of(columns.split(","));
    List<Boolean> nums = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      nums.add(numeric.charAt(i) == 'n');
    }
    return new Table(name, cols, nums, rows);
  }

  private static String s(long n) {
    return Long.toString(n);
  }

  public static Table summary(DomainSummary s) {
    DomainSummary.Sessions all = new DomainSummary.Sessions(s.successful(), s.failed());
    return table(
        "summary",
        "domain,reports,successful,failed,success_rate",
        "tnnnn",
        List.of(List.of(s.domain(), s(s.reports()), s(s.successful()), s(s.failed()), rate(all))));
  }

  public static Table series(List<DailySessions> series) {
    return table(
        "series",
        "day,successful,failed,success_rate",
        "tnnn",
        series.stream()
            .map(
                d ->
                    List.of(
                        d.day().toString(), s(d.successful()), s(d.failed()), rate(d.sessions())))
            .toList());
  }

  public static Table byResultType(List<FailureGroup> groups) {
    return table(
        "by-result-type",
        "result_type,failed",
        "tn",
        groups.stream().map(g -> List.of(g.key(), s(g.failed()))).toList());
  }

  public static Table byMxHost(List<FailureGroup> groups) {
    return groups("by-mx-host", "mx_host", groups);
  }

  public static Table bySendingIp(List<FailureGroup> groups) {
    return groups("by-sending-ip", "sending_ip", groups);
  }

  private static Table groups(String name, String key, List<FailureGroup> groups) {
    return table(
        name,
        key + ",failed,result_types",
        "tnt",
        groups.stream()
            .map(g -> List.of(g.key(), s(g.failed()), resultTypes(g.byResultType())))
            .toList());
  }

  public static Table byOrganization(List<OrganizationSessions> orgs) {
    return table(
        "by-organization",
        "organization,successful,failed,success_rate,result_types",
        "tnnnt",
        orgs.stream()
            .map(
                o ->
                    List.of(
                        o.organization(),
                        s(o.successful()),
                        s(o.failed()),
                        rate(new DomainSummary.Sessions(o.successful(), o.failed())),
                        resultTypes(o.byResultType())))
            .toList());
  }

  /** One row per policy and sender. */
  public static Table policies(List<PolicySeen> policies) {
    List<List<String>> rows = new ArrayList<>();
    for (PolicySeen p : policies) {
      for (PolicySender s : p.senders()) {
        rows.add(
            List.of(
                p.policyType(),
                p.mode().orElse(""),
                Csv.joined(p.mx()),
                p.maxAge().map(String::valueOf).orElse(""),
                p.firstDay().toString(),
                String.valueOf(p.current()),
                s.organization(),
                s.firstDay().toString(),
                s.lastDay().toString(),
                s(s.successful()),
                s(s.failed()),
                String.valueOf(s.stale())));
      }
    }
    return table(
        "policies",
        "policy_type,mode,mx,max_age,policy_first_day,current,organization,first_day,last_day,"
            + "successful,failed,stale",
        "tttntttttnnt",
        rows);
  }

  public static Table overview(List<DomainOverview> domains) {
    return table(
        "overview",
        "domain,reports,last_day,policy_modes,last_7_successful,last_7_failed,"
            + "last_7_success_rate,last_30_successful,last_30_failed,last_30_success_rate",
        "tnttnnnnnn",
        domains.stream()
            .map(
                d ->
                    List.of(
                        d.domain(),
                        s(d.reports()),
                        d.lastDay().map(Object::toString).orElse(""),
                        Csv.joined(d.policyModes()),
                        s(d.last7().successful()),
                        s(d.last7().failed()),
                        rate(d.last7()),
                        s(d.last30().successful()),
                        s(d.last30().failed()),
                        rate(d.last30())))
            .toList());
  }

  public static Table reports(List<ReportListing> reports) {
    return table(
        "reports",
        "id,day,domain,organization,report_id,start,end,successful,failed,source,dkim_result,"
            + "received_at",
        "nttttttnnttt",
        reports.stream()
            .map(
                r ->
                    List.of(
                        s(r.id()),
                        r.day().toString(),
                        r.domain(),
                        r.organization(),
                        r.reportId(),
                        r.start().toString(),
                        r.end().toString(),
                        s(r.successful()),
                        s(r.failed()),
                        r.source(),
                        r.dkimResult().orElse(""),
                        r.receivedAt().toString()))
            .toList());
  }

  /** One row per failure detail of a report, with its policy. */
  public static Table failureDetails(ReportDetail detail) {
    List<List<String>> rows = new ArrayList<>();
    for (StoredPolicy p : detail.policies()) {
      for (StoredFailure f : p.failures()) {
        rows.add(
            List.of(
                p.policyType(),
                p.policyDomain().orElse(""),
                f.resultType(),
                text(f.sendingMtaIp()),
                text(f.receivingMxHostname()),
                text(f.receivingMxHelo()),
                text(f.receivingIp()),
                s(f.failedSessionCount()),
                text(f.failureReasonCode()),
                text(f.additionalInformation())));
      }
    }
    return table(
        "failure-details",
        "policy_type,policy_domain,result_type,sending_mta_ip,receiving_mx_hostname,"
            + "receiving_mx_helo,receiving_ip,failed_session_count,failure_reason_code,"
            + "additional_information",
        "tttttttntt",
        rows);
  }

  private static String text(Optional<String> value) {
    return value.orElse("");
  }
}
