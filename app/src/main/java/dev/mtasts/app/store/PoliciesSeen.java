package dev.mtasts.app.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups what senders applied into policies and marks stale senders.
 *
 * <p>A policy is one distinct policy text of one type. It first appeared on the first day any
 * sender reported it. A sender's use of policy P is <em>stale</em> when the sender reported P on a
 * day strictly after the first day of a policy of the same type that first appeared after P: the
 * domain had changed its policy, and a sender that checks the {@code _mta-sts} record's {@code id}
 * before each delivery fetches the new one (RFC 8461 §5.1), so it should no longer apply P. Reports
 * of the very day the new policy first appeared are not stale: one sender may have fetched it hours
 * before another. Only the days within the period asked for count.
 */
final class PoliciesSeen {

  private PoliciesSeen() {}

  private record Text(String type, String strings) {}

  static List<PolicySeen> of(List<PolicySql.Applied> applied) {
    Map<Text, List<PolicySql.Applied>> byText = new LinkedHashMap<>();
    for (PolicySql.Applied a : applied) {
      byText
          .computeIfAbsent(new Text(a.policyType(), a.policyStrings()), t -> new ArrayList<>())
          .add(a);
    }
    Map<Text, LocalDate> firstSeen = new LinkedHashMap<>();
    byText.forEach(
        (t, uses) ->
            firstSeen.put(
                t,
                uses.stream()
                    .map(PolicySql.Applied::firstDay)
                    .min(Comparator.naturalOrder())
                    .orElseThrow()));
    List<PolicySeen> out = new ArrayList<>();
    byText.forEach(
        (text, uses) -> {
          LocalDate first = firstSeen.get(text);
          // The first day of the next policy of this type to appear after this one.
          LocalDate newer =
              firstSeen.entrySet().stream()
                  .filter(e -> e.getKey().type().equals(text.type()))
                  .map(Map.Entry::getValue)
                  .filter(d -> d.isAfter(first))
                  .min(Comparator.naturalOrder())
                  .orElse(null);
          List<PolicySender> senders =
              uses.stream()
                  .map(
                      a ->
                          new PolicySender(
                              a.organization(),
                              a.firstDay(),
                              a.lastDay(),
                              a.successful(),
                              a.failed(),
                              newer != null && a.lastDay().isAfter(newer)))
                  .sorted(Comparator.comparing(PolicySender::organization))
                  .toList();
          PolicyLines lines = PolicyLines.of(text.type(), text.strings());
          out.add(
              new PolicySeen(
                  text.type(),
                  lines.lines(),
                  lines.mode(),
                  lines.mx(),
                  lines.maxAge(),
                  first,
                  uses.stream()
                      .map(PolicySql.Applied::lastDay)
                      .max(Comparator.naturalOrder())
                      .orElseThrow(),
                  newer == null,
                  senders));
        });
    out.sort(
        Comparator.comparing(PolicySeen::firstDay)
            .reversed()
            .thenComparing(PolicySeen::policyType)
            .thenComparing(p -> String.join("\n", p.policyStrings())));
    return out;
  }
}
