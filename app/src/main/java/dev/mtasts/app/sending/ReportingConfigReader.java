package dev.mtasts.app.sending;

import dev.mtasts.app.relay.RelayConfig;
import dev.mtasts.app.relay.RelayConfigReader;
import dev.mtasts.app.relay.RelayTls;
import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.domain.Domain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code tlsrpt_reporting:} section (docs/configuration.md) out of either config file:
 * the resolver's {@code mta-sts-daemon.yml} and serve's config, with the code prefix of the file's
 * reader ({@code RESOLVER_CONFIG}, {@code SERVE_CONFIG}). Our own section, so unknown keys are
 * errors naming the key and its line. Relative paths resolve against {@code base}.
 */
public final class ReportingConfigReader {

  /** The section's key in both files. */
  public static final String KEY = "tlsrpt_reporting";

  private static final Set<String> KEYS =
      Set.of(
          "socket",
          "postfix_log",
          "data",
          "database",
          "organization_name",
          "contact_info",
          "submitter",
          "from",
          "dkim",
          "smtp",
          "sendmail",
          "only_days_with_failures",
          "send_window_hours",
          "retry_hours",
          "suppress",
          "suppress_after_failures");

  /** Where report mail goes without {@code smtp.relay}: the local MTA. */
  static final String DEFAULT_RELAY = "127.0.0.1:25";

  private final String prefix;
  private final Path base;
  private final YamlFields fields;

  private ReportingConfigReader(String prefix, Path base, List<Problem> errors) {
    this.prefix = prefix;
    this.base = base;
    this.fields = new YamlFields(prefix, KEY + ".", base, errors);
  }

  /**
   * The section of {@code top}, if it has one, its database SQLite in {@code data} unless {@code
   * database} names another; problems are added to {@code errors}.
   *
   * @param codePrefix the file reader's code prefix, e.g. {@code SERVE_CONFIG}
   * @param base what relative paths are relative to
   * @param defaultData the directory used when {@code data} is absent (serve's own {@code data});
   *     empty makes {@code data} required
   */
  public static Optional<ReportingConfig> read(
      YamlTree.Mapping top,
      String codePrefix,
      Path base,
      Optional<Path> defaultData,
      List<Problem> errors) {
    return read(top, codePrefix, base, defaultData, Optional.<String>empty(), errors);
  }

  /**
   * As {@link #read(YamlTree.Mapping, String, Path, Optional, List)} for serve's file: when its
   * top-level {@code serveDatabase} is PostgreSQL, that is the sending database unless {@code
   * database} names another (several serve instances on one PostgreSQL must share their counts,
   * docs/tlsrpt-sending.md#store).
   */
  public static Optional<ReportingConfig> read(
      YamlTree.Mapping top,
      String codePrefix,
      Path base,
      Optional<Path> defaultData,
      Optional<String> serveDatabase,
      List<Problem> errors) {
    Optional<StoreLocation> defaultDatabase =
        serveDatabase
            .filter(url -> url.startsWith("jdbc:postgresql:"))
            .map(StoreLocation.Postgres::new);
    if (!top.entries().containsKey(KEY)) {
      return Optional.empty();
    }
    ReportingConfigReader reader = new ReportingConfigReader(codePrefix, base, errors);
    int before = errors.size();
    ReportingConfig config =
        reader.section(reader.fields.mapping(top, KEY), defaultData, defaultDatabase);
    return errors.size() == before ? Optional.of(config) : Optional.empty();
  }

  private ReportingConfig section(
      YamlTree.Mapping m, Optional<Path> defaultData, Optional<StoreLocation> defaultDatabase) {
    fields.keys(m, KEY + ".", KEYS);
    Optional<Path> data = fields.path(m, "data").or(() -> defaultData);
    if (data.isEmpty()) {
      missing(m, "data", "the directory of collected results and the delivery log");
    }
    String submitter = domain(m, "submitter").orElse("invalid.invalid");
    String from =
        fields
            .string(m, "from")
            .map(String::strip)
            .orElse("noreply-smtp-tls-reporting@" + submitter);
    if (!from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
      fields.error(m, "from", prefix + "_VALUE", KEY + ".from must be an address, local@domain");
    }
    Optional<String> contact = fields.string(m, "contact_info").map(String::strip);
    return new ReportingConfig(
        fields.path(m, "socket"),
        fields.string(m, "postfix_log").map(this::postfixLog),
        data.orElse(base),
        database(m).or(() -> defaultDatabase),
        required(m, "organization_name", "the organization-name of the reports (RFC 8460 §4.4)"),
        contact,
        submitter,
        from,
        signing(m),
        transport(m),
        fields.bool(m, "only_days_with_failures", false),
        new ReportingConfig.Schedule(
            Duration.ofHours(fields.number(m, "send_window_hours", 4, 0, 23)),
            Duration.ofHours(fields.number(m, "retry_hours", 24, 0, 168)),
            ReportingConfig.Schedule.DEFAULT.firstRetry()),
        fields.strings(
            m, "suppress", KEY + ".suppress", "rua URIs", "[mailto:a@b.example]", t -> true),
        (int) fields.number(m, "suppress_after_failures", 3, 1, 365));
  }

  /** {@code database: jdbc:postgresql://...} or {@code jdbc:sqlite:FILE} (relative to base). */
  private Optional<StoreLocation> database(YamlTree.Mapping m) {
    Optional<String> url = fields.string(m, "database").map(String::strip);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          switch (StoreLocation.ofUrl(url.get())) {
            case StoreLocation.Sqlite sqlite ->
                new StoreLocation.Sqlite(fields.path(sqlite.file().toString()));
            case StoreLocation.Postgres postgres -> postgres;
          });
    } catch (IllegalArgumentException e) {
      fields.error(
          m,
          "database",
          prefix + "_VALUE",
          KEY + ".database must be a jdbc:postgresql://HOST/DB URL or jdbc:sqlite:FILE");
      return Optional.empty();
    }
  }

  /** {@code dkim: {domain, selector, key_file}} or {@code dkim: mta}; required. */
  private ReportingConfig.Signing signing(YamlTree.Mapping m) {
    YamlTree.Entry e = m.entries().get("dkim");
    if (e == null || (e.value() instanceof YamlTree.Scalar s && s.isNull())) {
      missing(
          m,
          "dkim",
          "{domain, selector, key_file} to sign report mail (RFC 8460 §3), or dkim: mta when"
              + " the MTA signs it");
      return new ReportingConfig.Signing.Mta();
    }
    if (e.value() instanceof YamlTree.Scalar s) {
      if (!s.text().strip().equalsIgnoreCase("mta")) {
        fields.error(
            m,
            "dkim",
            prefix + "_VALUE",
            KEY + ".dkim must be {domain, selector, key_file} or mta");
      }
      return new ReportingConfig.Signing.Mta();
    }
    YamlTree.Mapping d = fields.asMapping(e, KEY + ".dkim");
    fields.keys(d, KEY + ".dkim.", Set.of("domain", "selector", "key_file"));
    String domain = domain(d, "domain").orElse("invalid.invalid");
    String selector = required(d, "selector", "the DKIM selector (selector._domainkey.DOMAIN)");
    if (!selector.isEmpty()
        && !selector.matches("[A-Za-z0-9]([A-Za-z0-9_-]*)(\\.[A-Za-z0-9_-]+)*")) {
      fields.error(d, "selector", prefix + "_VALUE", KEY + ".dkim.selector must be DNS labels");
    }
    String keyFile = required(d, "key_file", "the PEM private key (RSA or Ed25519)");
    return new ReportingConfig.Signing.Own(domain, selector, fields.path(keyFile));
  }

  /**
   * {@code smtp: {relay: HOST:PORT, tls, username, password_file}} ({@link RelayConfigReader}) or
   * {@code sendmail: PATH}; default the relay 127.0.0.1:25.
   */
  private ReportingConfig.Transport transport(YamlTree.Mapping m) {
    boolean smtp = m.entries().containsKey("smtp");
    Optional<String> sendmail = fields.string(m, "sendmail");
    if (smtp && sendmail.isPresent()) {
      fields.error(m, "sendmail", prefix + "_VALUE", KEY + " takes smtp or sendmail, not both");
    }
    if (sendmail.isPresent()) {
      return new ReportingConfig.Transport.Sendmail(fields.path(sendmail.get()));
    }
    YamlTree.Mapping s = fields.mapping(m, "smtp");
    fields.keys(s, KEY + ".smtp.", RelayConfigReader.KEYS);
    String key = KEY + ".smtp";
    return new ReportingConfig.Transport.Relay(
        RelayConfigReader.read(fields, prefix, s, key, Optional.of(DEFAULT_RELAY))
            .orElseGet(
                () -> new RelayConfig(key, "127.0.0.1", 25, RelayTls.NONE, Optional.empty())));
  }

  // --- helpers: each problem names the key and its line ---

  private Optional<String> domain(YamlTree.Mapping m, String key) {
    Optional<String> text = fields.string(m, key).map(String::strip);
    if (text.isEmpty()) {
      missing(m, key, "a domain name");
      return Optional.empty();
    }
    return switch (Domain.parse(text.get())) {
      case ParseResult.Ok<Domain> ok -> Optional.of(ok.value().ascii());
      case ParseResult.Err<Domain> err -> {
        fields.error(
            m,
            key,
            prefix + "_VALUE",
            key + " must be a domain name: " + err.errors().getFirst().message());
        yield Optional.empty();
      }
    };
  }

  private String required(YamlTree.Mapping m, String key, String what) {
    Optional<String> v = fields.string(m, key).map(String::strip);
    if (v.isEmpty() || v.get().isEmpty()) {
      missing(m, key, what);
      return "";
    }
    return v.get();
  }

  private void missing(YamlTree.Mapping m, String key, String what) {
    fields.error(m.line(), prefix + "_MISSING", KEY + "." + key + " is required: " + what);
  }

  /** {@code journal} is the systemd journal; anything else a file (relative to the config). */
  private Path postfixLog(String text) {
    return text.strip().equals("journal") ? ReportingConfig.JOURNAL : fields.path(text);
  }
}
