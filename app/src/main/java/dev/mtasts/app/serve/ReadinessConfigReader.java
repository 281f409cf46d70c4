package dev.mtasts.app.serve;

import dev.mtasts.app.readiness.Thresholds;
import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import java.util.Set;

/** Reads {@code readiness}: the thresholds of the enforce-readiness verdict (docs/readiness.md). */
record ReadinessConfigReader(YamlFields fields) {

  Thresholds read(YamlTree.Mapping m) {
    fields.keys(
        m,
        "readiness.",
        Set.of(
            "window_days",
            "min_days",
            "min_senders",
            "min_sessions",
            "max_failure_rate",
            "max_sender_failure_rate"));
    Thresholds d = Thresholds.DEFAULT;
    int window = (int) fields.number(m, "window_days", d.windowDays(), 1, 366);
    int minDays = (int) fields.number(m, "min_days", d.minDays(), 1, 366);
    if (minDays > window + 1) {
      fields.error(
          m,
          "min_days",
          "SERVE_CONFIG_VALUE",
          "readiness.min_days must be at most window_days + 1");
      minDays = window + 1;
    }
    return new Thresholds(
        window,
        minDays,
        (int) fields.number(m, "min_senders", d.minSenders(), 1, 10_000),
        fields.number(m, "min_sessions", d.minSessions(), 1, 1_000_000_000),
        fields.share(m, "max_failure_rate", d.maxFailureRate()),
        fields.share(m, "max_sender_failure_rate", d.maxSenderFailureRate()));
  }
}
