package dev.mtasts.core.tlsrpt;

import java.time.Instant;
import java.util.Locale;

/**
 * The report file name of RFC 8460 §5.1: {@code sender!policy-domain!begin!end.json.gz}, the
 * domains as A-labels, the timestamps in seconds since the epoch (UTC).
 */
public final class ReportFileName {

  private ReportFileName() {}

  /**
   * The name of a gzip-compressed report (extension {@code json.gz}, RFC 8460 §5.1, §5.2).
   *
   * @param sender the sending domain (an A-label), the domain of {@code contact-info}
   * @param policyDomain the policy domain reported on (an A-label)
   * @param begin the start of the report's date-range
   * @param end the end of the report's date-range
   */
  public static String gzip(String sender, String policyDomain, Instant begin, Instant end) {
    return sender.toLowerCase(Locale.ROOT)
        + "!"
        + policyDomain.toLowerCase(Locale.ROOT)
        + "!"
        + begin.getEpochSecond()
        + "!"
        + end.getEpochSecond()
        + ".json.gz";
  }
}
