package dev.mtasts.app.store;

import java.util.Objects;
import java.util.Optional;

/**
 * What DKIM verification said about the mail that carried a report (RFC 8460 §5.3), as stored with
 * the raw report.
 *
 * @param result the verdict, e.g. {@code pass}, {@code fail}, {@code none}
 * @param signingDomain the {@code d=} of the signature the verdict is about
 * @param alignedWithFrom whether {@code d=} aligns with the {@code From} domain
 */
public record DkimVerdict(
    String result, Optional<String> signingDomain, Optional<Boolean> alignedWithFrom) {

  public DkimVerdict {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(signingDomain, "signingDomain");
    Objects.requireNonNull(alignedWithFrom, "alignedWithFrom");
  }
}
