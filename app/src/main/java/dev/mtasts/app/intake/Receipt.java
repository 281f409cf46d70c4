package dev.mtasts.app.intake;

import dev.mtasts.app.store.DkimVerdict;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a source hands the pipeline: the bytes as received (JSON, gzip, zip or a whole email; the
 * core reader detects which), where they came from, and the DKIM verdict when the source verified
 * the carrying mail at receipt (RFC 8460 §5.3).
 */
public record Receipt(byte[] bytes, Source source, Instant receivedAt, Optional<DkimVerdict> dkim) {

  public Receipt {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(dkim, "dkim");
  }

  /** Bytes received now, without a DKIM verdict (uploads and imports). */
  public static Receipt of(byte[] bytes, Source source) {
    return new Receipt(bytes, source, Instant.now(), Optional.empty());
  }
}
