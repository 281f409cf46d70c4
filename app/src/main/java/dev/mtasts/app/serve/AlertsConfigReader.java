package dev.mtasts.app.serve;

import dev.mtasts.app.alert.AlertConfig;
import dev.mtasts.app.alert.AlertDispatcher;
import dev.mtasts.app.relay.RelayConfig;
import dev.mtasts.app.relay.RelayConfigReader;
import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code alerts}: rules and channels (docs/alerts.md). */
record AlertsConfigReader(YamlFields fields) {

  /** {@code alerts}: rules, channels, digest. */
  AlertConfig read(YamlTree.Mapping m) {
    fields.keys(m, "alerts.", Set.of("debounce", "interval", "retry", "rules", "channels"));
    Duration debounce = fields.seconds(m, "debounce", AlertConfig.DEFAULT_DEBOUNCE, 0, 86_400);
    Duration interval = fields.seconds(m, "interval", AlertConfig.DEFAULT_INTERVAL, 10, 86_400);
    YamlTree.Mapping retryMap = fields.mapping(m, "retry");
    fields.keys(retryMap, "alerts.retry.", Set.of("first", "max", "attempts"));
    AlertDispatcher.Retry d = AlertDispatcher.Retry.DEFAULT;
    long first = fields.number(retryMap, "first", d.first().toSeconds(), 1, 86_400);
    long max = fields.number(retryMap, "max", Math.max(first, d.max().toSeconds()), first, 86_400);
    AlertDispatcher.Retry retry =
        new AlertDispatcher.Retry(
            Duration.ofSeconds(first),
            Duration.ofSeconds(max),
            (int) fields.number(retryMap, "attempts", d.attempts(), 1, 1000));
    AlertConfig.Rules rules =
        fields.section(m, "rules").map(this::rules).orElse(AlertConfig.Rules.DEFAULT);
    YamlTree.Mapping channels = fields.mapping(m, "channels");
    fields.keys(channels, "alerts.channels.", Set.of("webhook", "email", "digest"));
    Optional<AlertConfig.Webhook> webhook =
        fields.section(channels, "webhook").flatMap(this::webhook);
    Optional<AlertConfig.Email> email = fields.section(channels, "email").flatMap(this::email);
    Optional<AlertConfig.Digest> digest = fields.section(channels, "digest").map(this::digest);
    if (digest.isPresent()
        && !channels.entries().containsKey("webhook")
        && !channels.entries().containsKey("email")) {
      fields.error(
          channels,
          "digest",
          "SERVE_CONFIG_MISSING",
          "alerts.channels.digest goes out through the webhook or email channel; configure one");
    }
    return new AlertConfig(debounce, interval, retry, rules, webhook, email, digest);
  }

  private AlertConfig.Digest digest(YamlTree.Mapping m) {
    fields.keys(m, "alerts.channels.digest.", Set.of("hour"));
    return new AlertConfig.Digest((int) fields.number(m, "hour", 7, 0, 23));
  }

  private AlertConfig.Rules rules(YamlTree.Mapping m) {
    fields.keys(
        m,
        "alerts.rules.",
        Set.of("failure_rate", "new_result_type", "new_failing_sender", "reports_missing"));
    return new AlertConfig.Rules(
        fields.section(m, "failure_rate").map(this::failureRate),
        fields.section(m, "new_result_type").map(r -> novelty(r, "new_result_type")),
        fields.section(m, "new_failing_sender").map(r -> novelty(r, "new_failing_sender")),
        fields.section(m, "reports_missing").map(this::reportsMissing));
  }

  private AlertConfig.FailureRate failureRate(YamlTree.Mapping r) {
    fields.keys(
        r, "alerts.rules.failure_rate.", Set.of("threshold", "window_days", "min_sessions"));
    AlertConfig.FailureRate d = AlertConfig.FailureRate.DEFAULT;
    return new AlertConfig.FailureRate(
        fields.share(r, "threshold", d.threshold()),
        (int) fields.number(r, "window_days", d.windowDays(), 0, 366),
        fields.number(r, "min_sessions", d.minSessions(), 1, 1_000_000_000));
  }

  private AlertConfig.ReportsMissing reportsMissing(YamlTree.Mapping r) {
    fields.keys(
        r, "alerts.rules.reports_missing.", Set.of("days", "history_days", "min_history_days"));
    AlertConfig.ReportsMissing d = AlertConfig.ReportsMissing.DEFAULT;
    int history = (int) fields.number(r, "history_days", d.historyDays(), 1, 366);
    return new AlertConfig.ReportsMissing(
        (int) fields.number(r, "days", d.days(), 1, 366),
        history,
        (int)
            fields.number(
                r, "min_history_days", Math.min(d.minHistoryDays(), history), 1, history));
  }

  private AlertConfig.Novelty novelty(YamlTree.Mapping r, String name) {
    fields.keys(r, "alerts.rules." + name + ".", Set.of("window_days", "history_days"));
    AlertConfig.Novelty d = AlertConfig.Novelty.DEFAULT;
    return new AlertConfig.Novelty(
        (int) fields.number(r, "window_days", d.windowDays(), 0, 366),
        (int) fields.number(r, "history_days", d.historyDays(), 1, 366));
  }

  private Optional<AlertConfig.Webhook> webhook(YamlTree.Mapping m) {
    fields.keys(m, "alerts.channels.webhook.", Set.of("url", "secret_file"));
    if (!fields.present(
        m,
        "alerts.channels.webhook needs url and secret_file, e.g."
            + " {url: https://hooks.example.org/mtasts, secret_file: webhook.secret}",
        "url",
        "secret_file")) {
      return Optional.empty();
    }
    return fields
        .parsed(
            m,
            "url",
            text -> ServeConfigReader.url(text, Set.of("http", "https")),
            "alerts.channels.webhook.url must be an http(s) URL")
        .map(uri -> new AlertConfig.Webhook(uri, fields.path(m, "secret_file").orElseThrow()));
  }

  private Optional<AlertConfig.Email> email(YamlTree.Mapping m) {
    Set<String> known = new HashSet<>(RelayConfigReader.KEYS);
    known.addAll(Set.of("from", "to"));
    fields.keys(m, "alerts.channels.email.", known);
    Optional<String> relay = fields.string(m, "relay");
    Optional<String> from = fields.string(m, "from");
    List<String> to = new ArrayList<>();
    YamlTree.Entry e = m.entries().get("to");
    if (e != null && e.value() instanceof YamlTree.Sequence seq) {
      for (YamlTree item : seq.items()) {
        if (item instanceof YamlTree.Scalar s && !s.isNull()) {
          to.add(s.text().strip());
        }
      }
    } else {
      fields.string(m, "to").ifPresent(t -> to.add(t.strip()));
    }
    if (relay.isEmpty() || from.isEmpty() || to.isEmpty()) {
      fields.error(
          m.line(),
          "SERVE_CONFIG_MISSING",
          "alerts.channels.email needs relay, from and to, e.g. {relay: 127.0.0.1:25,"
              + " from: mtasts@example.org, to: [ops@example.org]}");
      return Optional.empty();
    }
    Optional<RelayConfig> relayConfig =
        RelayConfigReader.read(
            fields, "SERVE_CONFIG", m, "alerts.channels.email", Optional.empty());
    boolean addresses = from.get().contains("@") && to.stream().allMatch(t -> t.contains("@"));
    if (!addresses) {
      fields.error(
          m, "to", "SERVE_CONFIG_VALUE", "alerts.channels.email from and to must be addresses");
      return Optional.empty();
    }
    return relayConfig.map(r -> new AlertConfig.Email(r, from.get().strip(), to));
  }
}
