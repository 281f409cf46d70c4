package dev.mtasts.app.store;

import java.time.LocalDate;
import java.util.Objects;

/** One day of a domain's sessions: a point of the success-rate series. */
public record DailySessions(LocalDate day, long successful, long failed) {

  public DailySessions {
    Objects.requireNonNull(day, "day");
  }

  public DomainSummary.Sessions sessions() {
    return new DomainSummary.Sessions(successful, failed);
  }
}
