package dev.mtasts.app.intake;

import java.util.List;
import java.util.Objects;

/**
 * The pipeline's answer for one receipt; every source maps it to its protocol's acknowledgement
 * (HTTP 201/200/400/503, SMTP 250/550/451, exit 0/1/75, IMAP folder).
 */
public sealed interface Outcome {

  /** Stable name for metrics and logs. */
  String label();

  /** Committed now, for these configured domains. */
  record Stored(List<String> domains) implements Outcome {
    public Stored {
      domains = List.copyOf(domains);
    }

    @Override
    public String label() {
      return "stored";
    }
  }

  /** Already stored before (same organisation and report-id, or the same bytes); nothing new. */
  record Duplicate() implements Outcome {
    @Override
    public String label() {
      return "duplicate";
    }
  }

  /** Refused for good: not a report, or not for this service; retrying will not help. */
  record Rejected(String code, String reason) implements Outcome {
    public Rejected {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String label() {
      return "rejected";
    }
  }

  /** Not stored now (store unavailable, busy, closing); the sender should retry. */
  record TemporaryFailure(String reason) implements Outcome {
    public TemporaryFailure {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String label() {
      return "temporary_failure";
    }
  }
}
