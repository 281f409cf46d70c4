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
  /** Not attempted, and never will be as things are (e.g. a private https address). */
  REFUSED,
  /** On the suppression list. */
  SUPPRESSED;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeliveryState of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
