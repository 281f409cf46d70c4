package dev.mtasts.app.store;

import java.time.Instant;
import java.util.Objects;

/** The raw report behind a stored report, or why it is no longer there. */
public sealed interface RawReport {

  /**
   * The report's JSON.
   *
   * @param json the report JSON: the text as it arrived when it came as JSON (or gzipped JSON);
   *     otherwise (zip, email) the report as read, written back as JSON
   * @param asReceived whether {@code json} is the sender's own text
   * @param receivedBytes the size of what arrived
   */
  record Kept(String json, boolean asReceived, long receivedBytes) implements RawReport {
    public Kept {
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * Retention ({@code reports.raw_retention_days}) dropped the raw bytes; the stored rows remain.
   */
  record DroppedByRetention(Instant receivedAt) implements RawReport {
    public DroppedByRetention {
      Objects.requireNonNull(receivedAt, "receivedAt");
    }
  }
}
