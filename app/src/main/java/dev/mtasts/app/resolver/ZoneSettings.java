package dev.mtasts.app.resolver;

import java.time.Duration;

/**
 * How lookups through one socketmap name behave ({@code default_zone} and {@code zones.NAME}).
 *
 * @param strictTesting treat {@code mode: testing} like {@code enforce} (not RFC 8461 §5 compliant;
 *     the incumbent offers it for early deployments)
 * @param timeout DNS and HTTPS timeout for policy fetches in this zone
 * @param requireSni add {@code servername=hostname} to replies so Postfix sends SNI (RFC 8461 §4.1
 *     requires it; Postfix 3.4+)
 * @param tlsrpt add the {@link TlsrptAttributes} Postfix 3.10+ reads for TLS reports to enforcing
 *     replies (postfix-mta-sts-resolver 1.5.0's switch of the same name)
 */
public record ZoneSettings(
    boolean strictTesting, Duration timeout, boolean requireSni, boolean tlsrpt) {

  /** The incumbent's defaults: not strict, 4 s, SNI on, no TLSRPT attributes. */
  public static final ZoneSettings DEFAULT =
      new ZoneSettings(false, Duration.ofSeconds(4), true, false);
}
