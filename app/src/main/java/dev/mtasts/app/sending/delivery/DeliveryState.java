package dev.mtasts.app.sending.delivery;

import java.util.Locale;

/** Where one report delivery (day, policy domain, rua) stands; stored in {@code deliveries}. */
public enum DeliveryState {
  /** Not yet delivered; attempted at its next attempt time. */
  PENDING,
  /** Taken by the receiver: never sent again. */
  DELIVERED,
  /** Given up on: retries spent, or a failure retrying cannot fix. */
  FAILED,
  /**
   * Given up on without the report leaving this host (the relay or sendmail could not take it
   * within the retry time): the rua is not at fault, so it never counts toward its suppression.
   */
  NOT_SENT,
  /** Not attempted, and never will be as things are (e.g. a private https address). */
  REFUSED,
  /** On the suppression list. */
  SUPPRESSED;

  public String value() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static DeliveryState of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
