package dev.mtasts.app.serve;

import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads {@code reports}: what reports are accepted, the SMTP listener and the polled mailbox. */
record ReportsConfigReader(YamlFields fields) {

  /** {@code reports}: the domains reports are kept for, DKIM, retention, SMTP and IMAP intake. */
  ServeConfig.Reports read(YamlTree.Mapping m) {
    fields.keys(m, "reports.", Set.of("domains", "dkim", "raw_retention_days", "smtp", "imap"));
    List<String> domains =
        fields.strings(m, "domains", "reports.domains", "domain names", "[example.org]", d -> true);
    String dkim = fields.string(m, "dkim").orElse("prefer").strip().toLowerCase(Locale.ROOT);
    if (!Set.of("require", "prefer", "off").contains(dkim)) {
      fields.error(m, "dkim", "SERVE_CONFIG_VALUE", "reports.dkim must be require, prefer or off");
    }
    long days = fields.number(m, "raw_retention_days", 365, 0, 100_000);
    Optional<ServeConfig.Smtp> smtp = fields.section(m, "smtp").map(this::smtp);
    Optional<ServeConfig.Imap> imap = fields.section(m, "imap").flatMap(this::imap);
    return new ServeConfig.Reports(domains, dkim, Duration.ofDays(days), smtp, imap);
  }

  private Optional<ServeConfig.Imap> imap(YamlTree.Mapping m) {
    fields.keys(
        m,
        "reports.imap.",
        Set.of("url", "password_file", "poll_interval", "processed_folder", "failed_folder"));
    if (!fields.present(
        m,
        "reports.imap needs url and password_file, e.g."
            + " {url: imaps://user@imap.example.org/INBOX, password_file: imap.pass}",
        "url",
        "password_file")) {
      return Optional.empty();
    }
    Optional<URI> uri =
        fields.parsed(
            m,
            "url",
            ReportsConfigReader::imapUrl,
            "reports.imap.url must be imaps://USER@HOST[:PORT]/FOLDER (imap:// only to loopback)");
    if (uri.isEmpty()) {
      return Optional.empty();
    }
    Duration interval =
        fields.seconds(m, "poll_interval", ServeConfig.Imap.DEFAULT_POLL_INTERVAL, 1, 86_400);
    return Optional.of(
        new ServeConfig.Imap(
            uri.get(),
            fields.path(m, "password_file").orElseThrow(),
            interval,
            fields.string(m, "processed_folder").orElse(ServeConfig.Imap.DEFAULT_PROCESSED).strip(),
            fields.string(m, "failed_folder").orElse(ServeConfig.Imap.DEFAULT_FAILED).strip()));
  }

  /** imaps:// anywhere; plain imap:// only to a loopback address (the password crosses it). */
  private static Optional<URI> imapUrl(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getUserInfo() == null || uri.getUserInfo().isBlank()) {
      return Optional.empty();
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (scheme.equals("imaps")) {
      return Optional.of(uri);
    }
    if (!scheme.equals("imap")) {
      return Optional.empty();
    }
    String host = uri.getHost().replaceAll("^\\[|\\]$", "");
    boolean loopback =
        host.equalsIgnoreCase("localhost")
            || ServeConfigReader.parseListen(host.contains(":") ? "[" + host + "]:0" : host + ":0")
                .map(a -> a.getAddress().isLoopbackAddress())
                .orElse(false);
    return loopback ? Optional.of(uri) : Optional.empty();
  }

  private ServeConfig.Smtp smtp(YamlTree.Mapping m) {
    fields.keys(m, "reports.smtp.", Set.of("listen", "recipients", "max_message_bytes"));
    List<String> recipients =
        fields
            .strings(
                m,
                "recipients",
                "reports.smtp.recipients",
                "addresses",
                "[tlsrpt@example.org]",
                r -> r.contains("@"))
            .stream()
            .map(r -> r.toLowerCase(Locale.ROOT))
            .toList();
    return new ServeConfig.Smtp(
        ServeConfigReader.listen(fields, m, "listen").orElse(ServeConfig.Smtp.DEFAULT_LISTEN),
        recipients,
        (int)
            fields.number(
                m, "max_message_bytes", ServeConfig.Smtp.DEFAULT_MAX_BYTES, 1024, 100L << 20));
  }
}
