package dev.mtasts.app.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy as senders saw and applied it (RFC 8460 §4.3): one distinct policy text of one type.
 *
 * @param policyType {@code sts}, {@code tlsa} or {@code no-policy-found}
 * @param policyStrings the policy-string lines as reported
 * @param mode the {@code mode} of an sts policy, when its lines could be read (RFC 8461 §3.2)
 * @param mx the {@code mx} patterns of an sts policy
 * @param maxAge the {@code max_age} of an sts policy, in seconds
 * @param firstDay the first day any sender reported it
 * @param lastDay the last day any sender reported it
 * @param current whether it is the newest policy text of its type (first seen last)
 * @param senders the organisations that applied it, by name
 */
public record PolicySeen(
    String policyType,
    List<String> policyStrings,
    Optional<String> mode,
    List<String> mx,
    Optional<Long> maxAge,
    LocalDate firstDay,
    LocalDate lastDay,
    boolean current,
    List<PolicySender> senders) {

  public PolicySeen {
    Objects.requireNonNull(policyType, "policyType");
    policyStrings = List.copyOf(policyStrings);
    Objects.requireNonNull(mode, "mode");
    mx = List.copyOf(mx);
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(firstDay, "firstDay");
    Objects.requireNonNull(lastDay, "lastDay");
    senders = List.copyOf(senders);
  }

  public long successful() {
    return senders.stream().mapToLong(PolicySender::successful).sum();
  }

  public long failed() {
    return senders.stream().mapToLong(PolicySender::failed).sum();
  }
}
