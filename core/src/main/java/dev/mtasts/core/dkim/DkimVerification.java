package dev.mtasts.core.dkim;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every signature's verdict and the message's.
 *
 * @param verdict the message's verdict: a passing signature if any (one aligned with From first),
 *     else the first TEMPERROR, FAIL or PERMERROR in that order; NONE without signatures that count
 * @param signatures one verdict per DKIM-Signature field, top to bottom
 * @param fromDomain the domain of the one From address, lower case; empty when the message has no
 *     single From mailbox
 */
public record DkimVerification(
    DkimVerdict verdict, List<DkimVerdict> signatures, Optional<String> fromDomain) {

  public DkimVerification {
    Objects.requireNonNull(verdict, "verdict");
    signatures = List.copyOf(signatures);
    Objects.requireNonNull(fromDomain, "fromDomain");
  }

  /** The message's verdict from the signatures' (RFC 6376 §6.1: a pass from any one suffices). */
  static DkimVerification of(List<DkimVerdict> signatures, Optional<String> fromDomain) {
    List<DkimVerdict> counted = signatures.stream().filter(v -> !v.testing()).toList();
    DkimVerdict verdict =
        first(counted, DkimResult.PASS, true)
            .or(() -> first(counted, DkimResult.PASS, false))
            .or(() -> first(counted, DkimResult.TEMPERROR, false))
            .or(() -> first(counted, DkimResult.FAIL, false))
            .or(() -> first(counted, DkimResult.PERMERROR, false))
            .orElseGet(() -> signatures.isEmpty() ? DkimVerdict.none() : testingOnly());
    return new DkimVerification(verdict, signatures, fromDomain);
  }

  private static Optional<DkimVerdict> first(
      List<DkimVerdict> verdicts, DkimResult result, boolean aligned) {
    return verdicts.stream()
        .filter(v -> v.result() == result && (!aligned || v.aligned()))
        .findFirst();
  }

  private static DkimVerdict testingOnly() {
    return new DkimVerdict(
        DkimResult.NONE,
        DkimReason.TESTING_MODE_ONLY,
        "",
        "",
        "",
        false,
        false,
        "every signature uses a key in testing mode (t=y), which counts as unsigned");
  }
}
