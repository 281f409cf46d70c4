package dev.mtasts.app.serve;

import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import dev.mtasts.app.sending.ReportingConfigReader;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.dns.DnsOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;

/**
 * Reads the YAML of {@code serve --config FILE} (docs/configuration.md). Every key is known or an
 * error naming the key and its line ({@code SERVE_CONFIG_UNKNOWN_KEY}); keys docs/configuration.md
 * names for features not built yet ({@code policy_host}) are accepted with a warning. Relative
 * paths are relative to the file's directory.
 */
public final class ServeConfigReader {

  private static final Set<String> TOP =
      Set.of(
          "data",
          "dns",
          "ca_file",
          "database",
          "allow_private_addresses",
          "http",
          "https",
          "metrics",
          "reports",
          "policy_host",
          "tlsrpt_reporting");
  private static final Set<String> RESERVED = Set.of("policy_host");
  private static final Set<String> REPORTS_RESERVED = Set.of();
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Path base;
  private final List<Problem> errors = new ArrayList<>();
  private final YamlFields fields = new YamlFields("SERVE_CONFIG", errors);
  private final List<Problem> warnings = new ArrayList<>();

  private ServeConfigReader(Path base) {
    this.base = base;
  }

  /**
   * Reads a config file's text.
   *
   * @param base the directory relative paths are resolved against (the file's directory)
   */
  public static ParseResult<ServeConfig> read(String yaml, Path base) {
    return new ServeConfigReader(base).parse(yaml);
  }

  private ParseResult<ServeConfig> parse(String yaml) {
    YamlTree root;
    try {
      root = YamlTree.read(yaml);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
      return ParseResult.err(Problem.at("SERVE_CONFIG_YAML", e.getOriginalMessage(), line, 0));
    }
    if (root instanceof YamlTree.Scalar s && s.isNull()) {
      root = new YamlTree.Mapping(Map.of(), 1);
    }
    if (!(root instanceof YamlTree.Mapping top)) {
      return ParseResult.err(
          Problem.at("SERVE_CONFIG_TYPE", "the file must be a mapping of keys", root.line(), 0));
    }
    keys(top, "", TOP, RESERVED);
    Path data = fields.string(top, "data").map(this::path).orElse(base.resolve("data"));
    Optional<String> database = fields.string(top, "database");
    database.ifPresent(
        url -> {
          try {
            StoreLocation.ofUrl(url);
          } catch (IllegalArgumentException e) {
            fields.error(top, "database", "SERVE_CONFIG_VALUE", e.getMessage());
          }
        });
    Optional<InetSocketAddress> dns = Optional.empty();
    Optional<String> dnsText = fields.string(top, "dns");
    if (dnsText.isPresent()) {
      switch (DnsOptions.parseServer(dnsText.get())) {
        case ParseResult.Ok<InetSocketAddress> ok -> dns = Optional.of(ok.value());
        case ParseResult.Err<InetSocketAddress> bad ->
            fields.error(top, "dns", "SERVE_CONFIG_VALUE", bad.errors().getFirst().message());
      }
    }
    fields.string(top, "ca_file");
    boolean allowPrivate = bool(top, "allow_private_addresses", false);
    ServeConfig.Http http = http(fields.mapping(top, "http"));
    Optional<ServeConfig.Https> https =
        top.entries().containsKey("https") ? https(fields.mapping(top, "https")) : Optional.empty();
    YamlTree.Mapping metrics = fields.mapping(top, "metrics");
    keys(metrics, "metrics.", Set.of("public"), Set.of());
    boolean metricsPublic = bool(metrics, "public", false);
    ServeConfig.Reports reports = reports(fields.mapping(top, "reports"));
    ServeConfig config =
        new ServeConfig(
            data,
            database,
            dns,
            http,
            https,
            reports,
            metricsPublic,
            true,
            allowPrivate,
            ReportingConfigReader.read(top, "SERVE_CONFIG", base, Optional.of(data), errors));
    return errors.isEmpty() ? ParseResult.ok(config, warnings) : ParseResult.err(errors, warnings);
  }

  private ServeConfig.Http http(YamlTree.Mapping m) {
    keys(m, "http.", Set.of("listen", "max_body_bytes", "idle_timeout", "rate_limit"), Set.of());
    ServeConfig.Limits d = ServeConfig.Limits.DEFAULT;
    YamlTree.Mapping rate = fields.mapping(m, "rate_limit");
    keys(rate, "http.rate_limit.", Set.of("per_second", "burst"), Set.of());
    long maxBody = number(m, "max_body_bytes", d.maxBodyBytes(), 1024, 1L << 30);
    long idle = number(m, "idle_timeout", d.idleTimeout().toSeconds(), 1, 3600);
    long perSecond = number(rate, "per_second", (long) d.requestsPerSecond(), 0, 1_000_000);
    long burst = number(rate, "burst", d.burst(), 1, 1_000_000);
    return new ServeConfig.Http(
        listen(m, "listen", ServeConfig.DEFAULT_HTTP_LISTEN),
        new ServeConfig.Limits(maxBody, Duration.ofSeconds(idle), perSecond, (int) burst));
  }

  private Optional<ServeConfig.Https> https(YamlTree.Mapping m) {
    keys(m, "https.", Set.of("listen", "certificate"), Set.of());
    InetSocketAddress listen = listen(m, "listen", new InetSocketAddress("0.0.0.0", 443));
    YamlTree.Mapping cert = fields.mapping(m, "certificate");
    keys(cert, "https.certificate.", Set.of("cert", "key"), Set.of());
    Optional<String> certFile = fields.string(cert, "cert");
    Optional<String> keyFile = fields.string(cert, "key");
    if (certFile.isEmpty() || keyFile.isEmpty()) {
      errors.add(
          Problem.at(
              "SERVE_CONFIG_MISSING",
              "https needs certificate: {cert: FULLCHAIN.pem, key: PRIVKEY.pem}",
              m.line(),
              0));
      return Optional.empty();
    }
    return Optional.of(new ServeConfig.Https(listen, path(certFile.get()), path(keyFile.get())));
  }

  private ServeConfig.Reports reports(YamlTree.Mapping m) {
    keys(
        m,
        "reports.",
        Set.of("domains", "dkim", "raw_retention_days", "smtp", "imap"),
        REPORTS_RESERVED);
    List<String> domains = new ArrayList<>();
    YamlTree.Entry e = m.entries().get("domains");
    if (e != null && !(e.value() instanceof YamlTree.Scalar s && s.isNull())) {
      if (e.value() instanceof YamlTree.Sequence seq) {
        for (YamlTree item : seq.items()) {
          if (item instanceof YamlTree.Scalar s && !s.isNull() && !s.text().isBlank()) {
            domains.add(s.text().strip());
          } else {
            errors.add(
                Problem.at(
                    "SERVE_CONFIG_TYPE", "reports.domains must list domain names", item.line(), 0));
          }
        }
      } else {
        errors.add(
            Problem.at(
                "SERVE_CONFIG_TYPE",
                "reports.domains must be a list, e.g. [example.org]",
                e.keyLine(),
                0));
      }
    }
    String dkim = fields.string(m, "dkim").orElse("prefer").strip().toLowerCase(Locale.ROOT);
    if (!Set.of("require", "prefer", "off").contains(dkim)) {
      fields.error(m, "dkim", "SERVE_CONFIG_VALUE", "reports.dkim must be require, prefer or off");
    }
    long days = number(m, "raw_retention_days", 365, 0, 100_000);
    Optional<ServeConfig.Smtp> smtp =
        m.entries().containsKey("smtp")
            ? Optional.of(smtp(fields.mapping(m, "smtp")))
            : Optional.empty();
    Optional<ServeConfig.Imap> imap =
        m.entries().containsKey("imap") ? imap(fields.mapping(m, "imap")) : Optional.empty();
    return new ServeConfig.Reports(domains, dkim, Duration.ofDays(days), smtp, imap);
  }

  private Optional<ServeConfig.Imap> imap(YamlTree.Mapping m) {
    keys(
        m,
        "reports.imap.",
        Set.of("url", "password_file", "poll_interval", "processed_folder", "failed_folder"),
        Set.of());
    Optional<String> url = fields.string(m, "url");
    Optional<String> password = fields.string(m, "password_file");
    if (url.isEmpty() || password.isEmpty()) {
      errors.add(
          Problem.at(
              "SERVE_CONFIG_MISSING",
              "reports.imap needs url and password_file, e.g."
                  + " {url: imaps://user@imap.example.org/INBOX, password_file: imap.pass}",
              m.line(),
              0));
      return Optional.empty();
    }
    Optional<URI> uri = imapUrl(url.get().strip());
    if (uri.isEmpty()) {
      fields.error(
          m,
          "url",
          "SERVE_CONFIG_VALUE",
          "reports.imap.url must be imaps://USER@HOST[:PORT]/FOLDER (imap:// only to loopback)");
      return Optional.empty();
    }
    long interval =
        number(m, "poll_interval", ServeConfig.Imap.DEFAULT_POLL_INTERVAL.toSeconds(), 1, 86_400);
    return Optional.of(
        new ServeConfig.Imap(
            uri.get(),
            path(password.get()),
            Duration.ofSeconds(interval),
            fields.string(m, "processed_folder").orElse(ServeConfig.Imap.DEFAULT_PROCESSED).strip(),
            fields.string(m, "failed_folder").orElse(ServeConfig.Imap.DEFAULT_FAILED).strip()));
  }

  /** imaps:// anywhere; plain imap:// only to a loopback address (the password crosses it). */
  static Optional<URI> imapUrl(String text) {
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
            || parseListen(host.contains(":") ? "[" + host + "]:0" : host + ":0")
                .map(a -> a.getAddress().isLoopbackAddress())
                .orElse(false);
    return loopback ? Optional.of(uri) : Optional.empty();
  }

  private ServeConfig.Smtp smtp(YamlTree.Mapping m) {
    keys(m, "reports.smtp.", Set.of("listen", "recipients", "max_message_bytes"), Set.of());
    List<String> recipients = new ArrayList<>();
    YamlTree.Entry e = m.entries().get("recipients");
    if (e != null) {
      if (e.value() instanceof YamlTree.Sequence seq) {
        for (YamlTree item : seq.items()) {
          if (item instanceof YamlTree.Scalar s && !s.isNull() && s.text().strip().contains("@")) {
            recipients.add(s.text().strip().toLowerCase(Locale.ROOT));
          } else {
            errors.add(
                Problem.at(
                    "SERVE_CONFIG_TYPE",
                    "reports.smtp.recipients must list addresses, e.g. [tlsrpt@example.org]",
                    item.line(),
                    0));
          }
        }
      } else {
        errors.add(
            Problem.at(
                "SERVE_CONFIG_TYPE",
                "reports.smtp.recipients must be a list of addresses",
                e.keyLine(),
                0));
      }
    }
    return new ServeConfig.Smtp(
        listen(m, "listen", ServeConfig.Smtp.DEFAULT_LISTEN),
        recipients,
        (int) number(m, "max_message_bytes", ServeConfig.Smtp.DEFAULT_MAX_BYTES, 1024, 100L << 20));
  }

  // --- helpers: each problem names the key and its line ---

  private void keys(YamlTree.Mapping m, String prefix, Set<String> known, Set<String> reserved) {
    for (YamlTree.Entry e : m.entries().values()) {
      if (reserved.contains(e.key())) {
        warnings.add(
            Problem.at(
                "SERVE_CONFIG_NOT_YET",
                "'" + prefix + e.key() + "' is not supported by this version yet and is ignored",
                e.keyLine(),
                0));
      } else if (!known.contains(e.key())) {
        errors.add(
            Problem.at(
                "SERVE_CONFIG_UNKNOWN_KEY",
                "unknown key '" + prefix + e.key() + "'",
                e.keyLine(),
                0));
      }
    }
  }

  private boolean bool(YamlTree.Mapping m, String key, boolean dflt) {
    Optional<YamlTree.Scalar> s = fields.scalar(m, key);
    if (s.isEmpty()) {
      return dflt;
    }
    if (s.get().token() == JsonToken.VALUE_TRUE || s.get().token() == JsonToken.VALUE_FALSE) {
      return s.get().token() == JsonToken.VALUE_TRUE;
    }
    fields.error(m, key, "SERVE_CONFIG_TYPE", key + " must be true or false");
    return dflt;
  }

  private long number(YamlTree.Mapping m, String key, long dflt, long min, long max) {
    Optional<YamlTree.Scalar> s = fields.scalar(m, key);
    if (s.isEmpty()) {
      return dflt;
    }
    try {
      if (s.get().token() != JsonToken.VALUE_NUMBER_INT) {
        throw new NumberFormatException();
      }
      long v = Long.parseLong(s.get().text().strip());
      if (v < min || v > max) {
        fields.error(m, key, "SERVE_CONFIG_VALUE", key + " must be within " + min + ".." + max);
        return dflt;
      }
      return v;
    } catch (NumberFormatException e) {
      fields.error(m, key, "SERVE_CONFIG_TYPE", key + " must be a whole number");
      return dflt;
    }
  }

  /** {@code IP:PORT}, {@code [IPV6]:PORT} or {@code localhost:PORT}; never a DNS lookup. */
  private InetSocketAddress listen(YamlTree.Mapping m, String key, InetSocketAddress dflt) {
    Optional<String> text = fields.string(m, key);
    if (text.isEmpty()) {
      return dflt;
    }
    Optional<InetSocketAddress> parsed = parseListen(text.get());
    if (parsed.isEmpty()) {
      fields.error(m, key, "SERVE_CONFIG_VALUE", key + " must be IP:PORT, e.g. 127.0.0.1:8080");
    }
    return parsed.orElse(dflt);
  }

  static Optional<InetSocketAddress> parseListen(String text) {
    String t = text.strip();
    int colon = t.lastIndexOf(':');
    if (colon < 1) {
      return Optional.empty();
    }
    String host = t.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (port < 0 || port > 65535) {
      return Optional.empty();
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      if (!host.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
        return Optional.empty();
      }
    } else if (host.equalsIgnoreCase("localhost")) {
      return Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } else if (!IPV4.matcher(host).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private Path path(String text) {
    return base.resolve(text.strip()).normalize();
  }
}
