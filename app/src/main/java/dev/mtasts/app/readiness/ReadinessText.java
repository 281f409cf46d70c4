package dev.mtasts.app.readiness;

import java.util.ArrayList;
import java.util.List;

/** The text form of a verdict for {@code report readiness}: the verdict, each reason, tables. */
public final class ReadinessText {

  private ReadinessText() {}

  public static List<String> lines(Readiness r) {
    Evidence e = r.evidence();
    Thresholds t = r.thresholds();
    List<String> out = new ArrayList<>();
    out.add(r.domain() + ": " + r.verdict().label());
    out.add("  reports from " + e.from() + " to " + e.to() + " (UTC days of the date ranges)");
    for (Reason reason : r.reasons()) {
      out.add(
          "  "
              + reason.code()
              + " ("
              + reason.verdict().label()
              + "): "
              + TextTable.visible(reason.message()));
    }
    out.add("");
    out.add("Evidence");
    out.addAll(
        new TextTable("measure", "value", "required")
            .row("days with reports", e.days(), ">= " + t.minDays())
            .row("sending organisations", e.senders(), ">= " + t.minSenders())
            .row("sessions", e.sessions(), "")
            .row("failed sessions", e.failed(), "")
            .row("failure rate", Judge.percent(e.failureRate()), "")
            .row("MTA-STS sessions", e.stsSessions(), ">= " + t.minSessions())
            .row("blocked under enforce", e.blocked(), "")
            .row(
                "blocked rate",
                Judge.percent(e.blockedRate()),
                "<= " + Judge.percent(t.maxFailureRate()))
            .lines("  "));
    out.add("");
    out.add("By sender");
    TextTable senders =
        new TextTable(
            "organization",
            "sessions",
            "failed",
            "failure rate",
            "sts sessions",
            "blocked",
            "blocked rate");
    for (Evidence.Sender s : e.bySender()) {
      senders.row(
          s.organization(),
          s.sessions(),
          s.failed(),
          Judge.percent(s.failureRate()),
          s.stsSessions(),
          s.blocked(),
          Judge.percent(s.blockedRate()));
    }
    out.addAll(senders.lines("  "));
    out.add("");
    out.add("By MX host (reports name MX hosts only in failures)");
    boolean hosted = e.hostedMx().isPresent();
    TextTable mx =
        hosted
            ? new TextTable(
                "mx host",
                "failed",
                "blocked",
                "share of sts sessions",
                "in reported mx",
                "in hosted mx")
            : new TextTable(
                "mx host", "failed", "blocked", "share of sts sessions", "in reported mx");
    for (Evidence.MxHost m : e.byMxHost()) {
      String share = Judge.percent(Evidence.rate(m.blocked(), e.stsSessions()));
      if (hosted) {
        mx.row(
            m.host(),
            m.failed(),
            m.blocked(),
            share,
            yesNo(m.covered()),
            yesNo(m.coveredByHosted().orElse(false)));
      } else {
        mx.row(m.host(), m.failed(), m.blocked(), share, yesNo(m.covered()));
      }
    }
    out.addAll(mx.lines("  "));
    out.add("");
    out.add("Failures by result type, and what enforce would do (RFC 8461 §5)");
    TextTable types = new TextTable("policy type", "result type", "failed", "under enforce");
    for (Evidence.Failures f : e.byResultType()) {
      types.row(f.policyType(), f.resultType(), f.failed(), f.effect().description());
    }
    out.addAll(types.lines("  "));
    out.add("");
    out.add(
        "  mx lines senders reported: "
            + (e.policyMx().isEmpty() ? "(none)" : String.join(", ", e.policyMx())));
    e.hostedMx()
        .ifPresent(h -> out.add("  mx lines of the hosted policy: " + String.join(", ", h)));
    return out;
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
