package dev.mtasts.app.lab;

import dev.mtasts.app.lab.ca.CertificateKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Generated domains for checking many at once: {@code bulk-0001.test} to {@code bulk-NNNN.test},
 * each healthy as {@link Setup#standard} makes it (an STS record, an enforce policy on its own
 * policy host, one MX with STARTTLS and a valid certificate, TLS-RPT, SPF and DMARC), and a few
 * {@code slow-NN.test} domains, healthy too, whose MX accepts the connection at once but greets
 * only after {@link LabOptions#slowBanner()}: they bound how fast a bulk check can finish.
 */
public final class BulkDomains {

  /** The most generated healthy domains one lab serves. */
  public static final int MAX_COUNT = 9999;

  /** How many slow domains come with the generated ones. */
  public static final int SLOW_COUNT = 3;

  private static final Pattern GENERATED = Pattern.compile("(bulk-\\d{4}|slow-\\d{2})\\.test");

  private BulkDomains() {}

  /** {@code count} healthy domains, then {@link #SLOW_COUNT} slow ones; none when count is 0. */
  public static List<Scenario> generate(int count) {
    if (count < 0 || count > MAX_COUNT) {
      throw new IllegalArgumentException(
          "bulk domain count must be 0 to " + MAX_COUNT + ": " + count);
    }
    List<Scenario> scenarios = new ArrayList<>();
    if (count == 0) {
      return scenarios;
    }
    for (int i = 1; i <= count; i++) {
      String domain = "bulk-%04d.test".formatted(i);
      scenarios.add(
          new Scenario(
              domain,
              "nothing: a generated healthy domain",
              Optional.empty(),
              Setup.standard(domain)));
    }
    for (int i = 1; i <= SLOW_COUNT; i++) {
      String domain = "slow-%02d.test".formatted(i);
      String mx = "mx1." + domain;
      scenarios.add(
          new Scenario(
              domain,
              "nothing, slowly: the MX greets only after the slow-banner delay",
              Optional.empty(),
              Setup.standard(domain)
                  .withMx(
                      new MxHost(
                          mx, 10, SmtpBehaviour.SLOW_BANNER, CertificateKind.VALID, false))));
    }
    return scenarios;
  }

  /** Whether {@code domain} is one of the generated ones. */
  public static boolean isGenerated(String domain) {
    return GENERATED.matcher(domain).matches();
  }
}
