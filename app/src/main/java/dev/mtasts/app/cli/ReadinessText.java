package dev.mtasts.app.cli;

import dev.mtasts.app.api.Table;
import dev.mtasts.app.readiness.EnforceEffect;
import dev.mtasts.app.readiness.Evidence;
import dev.mtasts.app.readiness.Readiness;
import dev.mtasts.app.readiness.Reason;
import dev.mtasts.app.readiness.Thresholds;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The text form of a verdict for {@code report readiness}: the verdict, each reason, then the
 * evidence as tables (docs/readiness.md).
 */
final class ReadinessText {

  private ReadinessText() {}

  static void print(PrintWriter out, Readiness r) {
    Evidence e = r.evidence();
    Thresholds t = r.thresholds();
    out.println(r.domain() + ": " + r.verdict().label());
    out.println("  reports from " + e.from() + " to " + e.to() + " (UTC days of the date ranges)");
    for (Reason reason : r.reasons()) {
      out.println(
          "  "
              + reason.code()
              + " ("
              + reason.verdict().label()
              + "): "
              + Visible.text(reason.message()));
    }
    out.println();
    List<List<String>> measures = new ArrayList<>();
    measures.add(row("days with reports", e.days(), ">= " + t.minDays()));
    measures.add(row("sending organisations", e.senders(), ">= " + t.minSenders()));
    measures.add(row("sessions", e.sessions(), ""));
    measures.add(row("failed sessions", e.failed(), ""));
    measures.add(row("failure rate", Evidence.percent(e.failureRate()), ""));
    measures.add(row("MTA-STS sessions", e.stsSessions(), ">= " + t.minSessions()));
    measures.add(row("blocked under enforce", e.blocked(), ""));
    measures.add(
        row(
            "blocked rate",
            Evidence.percent(e.blockedRate()),
            "<= " + Evidence.percent(t.maxFailureRate())));
    TextTable.print(
        out,
        "Evidence",
        new Table(
            "evidence",
            List.of("measure", "value", "required"),
            List.of(false, true, false),
            measures));
    List<List<String>> senders = new ArrayList<>();
    for (Evidence.Sender s : e.bySender()) {
      senders.add(
          row(
              s.organization(),
              s.sessions(),
              s.failed(),
              Evidence.percent(s.failureRate()),
              s.stsSessions(),
              s.blocked(),
              Evidence.percent(s.blockedRate())));
    }
    TextTable.print(
        out,
        "By sender",
        new Table(
            "by-sender",
            List.of(
                "organization",
                "sessions",
                "failed",
                "failure rate",
                "sts sessions",
                "blocked",
                "blocked rate"),
            List.of(false, true, true, true, true, true, true),
            senders));
    boolean hosted = e.hostedMx().isPresent();
    List<List<String>> hosts = new ArrayList<>();
    for (Evidence.MxHost m : e.byMxHost()) {
      List<String> cells =
          new ArrayList<>(
              row(
                  m.host(),
                  m.failed(),
                  m.blocked(),
                  Evidence.percent(Evidence.rate(m.blocked(), e.stsSessions())),
                  yesNo(m.covered())));
      if (hosted) {
        cells.add(yesNo(m.coveredByHosted().orElse(false)));
      }
      hosts.add(cells);
    }
    List<String> mxColumns =
        new ArrayList<>(
            List.of("mx host", "failed", "blocked", "share of sts sessions", "in reported mx"));
    List<Boolean> mxNumeric = new ArrayList<>(List.of(false, true, true, true, false));
    if (hosted) {
      mxColumns.add("in hosted mx");
      mxNumeric.add(false);
    }
    TextTable.print(
        out,
        "By MX host (reports name MX hosts only in failures)",
        new Table("by-mx-host", mxColumns, mxNumeric, hosts));
    List<List<String>> types = new ArrayList<>();
    for (Evidence.Failures f : e.byResultType()) {
      EnforceEffect effect = f.effect();
      types.add(row(f.policyType(), f.resultType(), f.failed(), effect.description()));
    }
    TextTable.print(
        out,
        "Failures by result type, and what enforce would do (RFC 8461 §5)",
        new Table(
            "by-result-type",
            List.of("policy type", "result type", "failed", "under enforce"),
            List.of(false, false, true, false),
            types));
    out.println(
        "mx lines senders reported: "
            + (e.policyMx().isEmpty() ? "(none)" : String.join(", ", e.policyMx())));
    e.hostedMx()
        .ifPresent(h -> out.println("mx lines of the hosted policy: " + String.join(", ", h)));
  }

  /** Cells as text; what a sender wrote is made {@link Visible}. */
  private static List<String> row(Object... cells) {
    List<String> out = new ArrayList<>();
    for (Object c : cells) {
      out.add(Visible.text(String.valueOf(c)));
    }
    return out;
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
