package dev.mtasts.app.readiness;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The verdict from the evidence and the thresholds (docs/readiness.md). */
final class Judge {

  private Judge() {}

  static Readiness judge(String domain, Evidence e, Thresholds t) {
    List<Reason> reasons = new ArrayList<>();
    if (e.blocked() > 0 && e.blockedRate() > t.maxFailureRate()) {
      reasons.add(
          new Reason(
              Reason.FAILURE_RATE,
              Verdict.NOT_READY,
              domain,
              e.blocked()
                  + " of "
                  + e.stsSessions()
                  + " MTA-STS sessions ("
                  + Evidence.percent(e.blockedRate())
                  + ") failed in a way enforce would defer and finally bounce ("
                  + blockingTypes(e)
                  + "); at most "
                  + Evidence.percent(t.maxFailureRate())
                  + " is ready"));
    }
    for (Evidence.Sender s : e.bySender()) {
      if (s.blocked() > 0 && s.blockedRate() > t.maxSenderFailureRate()) {
        reasons.add(
            new Reason(
                Reason.SENDER_FAILURE_RATE,
                Verdict.NOT_READY,
                s.organization(),
                s.organization()
                    + ": "
                    + s.blocked()
                    + " of its "
                    + s.stsSessions()
                    + " MTA-STS sessions ("
                    + Evidence.percent(s.blockedRate())
                    + ") would be deferred under enforce; at most "
                    + Evidence.percent(t.maxSenderFailureRate())
                    + " per sender is ready"));
      }
    }
    // What will be enforced: the hosted policy when serve hosts it, else what senders saw.
    List<String> patterns = e.hostedMx().orElse(e.policyMx());
    if (!patterns.isEmpty()) {
      for (Evidence.MxHost m : e.byMxHost()) {
        boolean covered = m.coveredByHosted().orElse(m.covered());
        if (!covered) {
          reasons.add(
              new Reason(
                  Reason.MX_NOT_COVERED,
                  Verdict.NOT_READY,
                  m.host(),
                  "senders delivered to MX host "
                      + m.host()
                      + ", which no mx line of the "
                      + (e.hostedMx().isPresent() ? "hosted" : "reported")
                      + " policy matches ("
                      + String.join(", ", patterns)
                      + "); under enforce senders must not deliver to it (RFC 8461 §4.1)"));
        }
      }
    }
    if (e.days() < t.minDays()) {
      reasons.add(
          new Reason(
              Reason.FEW_DAYS,
              Verdict.NOT_ENOUGH_DATA,
              domain,
              "reports on "
                  + e.days()
                  + " of the days "
                  + e.from()
                  + " to "
                  + e.to()
                  + "; at least "
                  + t.minDays()
                  + " are needed"));
    }
    if (e.senders() < t.minSenders()) {
      reasons.add(
          new Reason(
              Reason.FEW_SENDERS,
              Verdict.NOT_ENOUGH_DATA,
              domain,
              "reports from "
                  + e.senders()
                  + " sending organisation(s); at least "
                  + t.minSenders()
                  + " are needed"));
    }
    if (e.stsSessions() < t.minSessions()) {
      reasons.add(
          new Reason(
              Reason.FEW_SESSIONS,
              Verdict.NOT_ENOUGH_DATA,
              domain,
              e.stsSessions()
                  + " sessions under an MTA-STS policy; at least "
                  + t.minSessions()
                  + " are needed"));
    }
    Verdict verdict =
        reasons.stream()
            .map(Reason::verdict)
            .filter(v -> v == Verdict.NOT_READY)
            .findFirst()
            .orElse(reasons.isEmpty() ? Verdict.READY : Verdict.NOT_ENOUGH_DATA);
    return new Readiness(domain, verdict, reasons, e, t);
  }

  private static String blockingTypes(Evidence e) {
    return e.byResultType().stream()
        .filter(f -> f.effect().blocks() && f.failed() > 0)
        .map(f -> f.resultType() + " " + f.failed())
        .collect(Collectors.joining(", "));
  }
}
