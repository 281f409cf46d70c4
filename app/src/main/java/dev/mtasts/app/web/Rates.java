package dev.mtasts.app.web;

import java.util.Locale;

/**
 * How the pages write success rates: one decimal and a percent sign, or a dash without sessions.
 */
final class Rates {

  private Rates() {}

  /** {@code successful} of all sessions as "99.5 %"; "–" when there were none. */
  static String percent(long successful, long failed) {
    long total = successful + failed;
    if (total == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.1f %%", 100.0 * successful / total);
  }

  /** The CSS class of a rate: {@code ok} from 99 %, {@code bad} below 95 %, else none. */
  static String tone(long successful, long failed) {
    long total = successful + failed;
    if (total == 0) {
      return "muted";
    }
    double rate = (double) successful / total;
    return rate >= 0.99 ? "ok" : rate < 0.95 ? "bad" : "";
  }
}
