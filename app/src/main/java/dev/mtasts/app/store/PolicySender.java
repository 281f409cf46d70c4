package dev.mtasts.app.store;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One sending organisation that applied a policy: the days it reported it and its sessions under
 * it.
 *
 * @param stale the organisation still applied this policy on a day after a newer policy of the same
 *     type had first been seen by any sender (docs/dashboard-api.md, "Stale policies")
 */
public record PolicySender(
    String organization,
    LocalDate firstDay,
    LocalDate lastDay,
    long successful,
    long failed,
    boolean stale) {

  public PolicySender {
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(firstDay, "firstDay");
    Objects.requireNonNull(lastDay, "lastDay");
  }
}
