package dev.mtasts.app.intake;

import dev.mtasts.app.store.DkimVerdict;
import dev.mtasts.core.dkim.DkimResult;
import dev.mtasts.core.dkim.DkimVerification;
import dev.mtasts.core.dkim.DkimVerifier;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code reports.dkim}: what DKIM verification of report mail decides at receipt (RFC 8460 §3:
 * report mail MUST be DKIM signed; §5.3). Mail is verified when it arrives, before it is stored,
 * because signatures expire and keys rotate.
 *
 * @param mode require, prefer or off
 * @param verifier the verifier; unused when {@code mode} is off
 */
public record DkimPolicy(Mode mode, DkimVerifier verifier) {

  /** The {@code reports.dkim} values. */
  public enum Mode {
    /** Mail without a passing signature is refused; a DNS failure asks the sender to retry. */
    REQUIRE,
    /** Every report is stored with its verdict; unsigned or failing mail is stored flagged. */
    PREFER,
    /** Mail is not verified; no verdict is stored. */
    OFF;

    /** {@code require}, {@code prefer} or {@code off}, as validated by the config reader. */
    public static Mode of(String value) {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
  }

  public DkimPolicy {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(verifier, "verifier");
  }

  /** The verdict to store, or the outcome that ends the receipt (refused, or try again later). */
  sealed interface Decision {
    record Store(Optional<DkimVerdict> verdict) implements Decision {}

    record Stop(Outcome outcome) implements Decision {}
  }

  /** Verifies {@code mail}, the whole message as received. */
  Decision decide(byte[] mail, IntakeMetrics metrics) {
    if (mode == Mode.OFF) {
      return new Decision.Store(Optional.empty());
    }
    DkimVerification verification = verifier.verify(mail);
    dev.mtasts.core.dkim.DkimVerdict v = verification.verdict();
    metrics.dkim(label(v.result()));
    if (mode == Mode.REQUIRE && !v.passed()) {
      if (v.result() == DkimResult.TEMPERROR) {
        return new Decision.Stop(
            new Outcome.TemporaryFailure("DKIM key lookup failed: " + v.detail()));
      }
      return new Decision.Stop(
          new Outcome.Rejected(
              "REPORT_DKIM_REQUIRED",
              "reports.dkim is require and the report mail has no passing DKIM signature ("
                  + label(v.result())
                  + ": "
                  + v.detail()
                  + ") (RFC 8460 §3)"));
    }
    Optional<String> domain = Optional.of(v.domain()).filter(d -> !d.isEmpty());
    return new Decision.Store(
        Optional.of(new DkimVerdict(label(v.result()), domain, domain.map(d -> v.aligned()))));
  }

  /** The stored and counted name of a result: {@code pass}, {@code fail}, {@code none}, ... */
  static String label(DkimResult result) {
    return result.name().toLowerCase(Locale.ROOT);
  }
}
