package dev.mtasts.app.resolver;

import dev.mtasts.app.sending.ReportingConfigReader;
import dev.mtasts.app.socketmap.Endpoint;
import dev.mtasts.app.socketmap.ServerOptions;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnssecMode;
import dev.mtasts.core.fetch.FetchSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * Reads postfix-mta-sts-resolver's {@code mta-sts-daemon.yml} (mta-sts-daemon.yml(5), its {@code
 * utils.populate_cfg_defaults}) with the same defaults and meaning.
 *
 * <p>Unknown keys: the incumbent looks keys up and never checks for others, so a file with a typo
 * or an extra key works there. To keep every such file working, an unknown key in the incumbent's
 * sections is a warning naming the key and its line ({@code RESOLVER_CONFIG_UNKNOWN_KEY}). Where
 * the incumbent would fail (unknown {@code internal} or {@code sqlite} cache options, which it
 * passes as keyword arguments) and inside our own sections, it is an error.
 */
public final class ResolverConfigReader {

  private static final Set<String> TOP_KEYS =
      Set.of(
          "host",
          "port",
          "path",
          "mode",
          "reuse_port",
          "cache_grace",
          "shutdown_timeout",
          "proactive_policy_fetching",
          "cache",
          "default_zone",
          "zones",
          // Ours (keys the incumbent does not use):
          "idle_timeout",
          "socket_owner",
          "metrics",
          "mtasts",
          "dane",
          ReportingConfigReader.KEY);

  private static final Set<String> ZONE_KEYS =
      Set.of("strict_testing", "timeout", "require_sni", "tlsrpt");
  private static final Set<String> PROACTIVE_KEYS =
      Set.of("enabled", "interval", "concurrency_limit", "grace_ratio");

  /** Our own default idle timeout for socketmap connections (the incumbent has none). */
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  private static final long MAX = Integer.MAX_VALUE;

  private final List<Problem> errors = new ArrayList<>();
  private final YamlFields fields = new YamlFields("RESOLVER_CONFIG", errors);
  private final List<Problem> warnings = new ArrayList<>();
  private final int cpuCount;

  private ResolverConfigReader(int cpuCount) {
    this.cpuCount = cpuCount;
  }

  /** Reads the text of a config file. */
  public static ParseResult<ResolverConfig> read(String yaml) {
    return new ResolverConfigReader(Runtime.getRuntime().availableProcessors()).parse(yaml);
  }

  /** As {@link #read(String)} with the CPU count that sets the SQLite pool's default size. */
  static ParseResult<ResolverConfig> read(String yaml, int cpuCount) {
    return new ResolverConfigReader(cpuCount).parse(yaml);
  }

  private ParseResult<ResolverConfig> parse(String yaml) {
    YamlTree root;
    try {
      root = YamlTree.read(yaml);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
      return ParseResult.err(Problem.at("RESOLVER_CONFIG_YAML", e.getOriginalMessage(), line, 0));
    }
    if (root instanceof YamlTree.Scalar s && s.isNull()) {
      root = new YamlTree.Mapping(Map.of(), 1);
    }
    if (!(root instanceof YamlTree.Mapping top)) {
      return ParseResult.err(
          Problem.at("RESOLVER_CONFIG_TYPE", "the file must be a mapping of keys", root.line(), 0));
    }
    checkKeys(top, "", TOP_KEYS, false);
    FetchOptions fetch = fetchOptions(top);
    ResolverConfig config =
        new ResolverConfig(
            endpoint(top),
            seconds(top, "cache_grace", Duration.ofSeconds(60)),
            seconds(top, "shutdown_timeout", Duration.ofSeconds(20)),
            seconds(top, "idle_timeout", DEFAULT_IDLE_TIMEOUT),
            proactive(top),
            cache(top),
            zone(fields.mapping(top, "default_zone"), "default_zone."),
            zones(top),
            metrics(top),
            fetch,
            dane(top, fetch.dnssec()),
            limits(top),
            ReportingConfigReader.read(
                top, "RESOLVER_CONFIG", Path.of(""), Optional.empty(), errors));
    return errors.isEmpty() ? ParseResult.ok(config, warnings) : ParseResult.err(errors, warnings);
  }

  private Endpoint endpoint(YamlTree.Mapping top) {
    Optional<String> path = fields.string(top, "path");
    if (path.isPresent()) {
      return new Endpoint.Unix(
          fields.path(path.get()), mode(top), fields.string(top, "socket_owner"));
    }
    String host = fields.string(top, "host").orElse("127.0.0.1");
    int port = (int) fields.number(top, "port", 8461, 0, 65535);
    return new Endpoint.Tcp(
        InetSocketAddress.createUnresolved(host, port), fields.bool(top, "reuse_port", true));
  }

  /** {@code mode: 0666} is octal in the incumbent's YAML 1.1 loader; {@code 438} is decimal. */
  private OptionalInt mode(YamlTree.Mapping top) {
    YamlTree.Entry e = top.entries().get("mode");
    if (e == null || (e.value() instanceof YamlTree.Scalar s && s.isNull())) {
      return OptionalInt.empty();
    }
    if (e.value() instanceof YamlTree.Scalar s) {
      String t = s.text().trim();
      try {
        if (t.startsWith("0o")) {
          return checkedMode(e, Integer.parseInt(t.substring(2), 8));
        }
        if (t.length() > 1 && t.startsWith("0")) {
          return checkedMode(e, Integer.parseInt(t.substring(1), 8));
        }
        return checkedMode(e, Integer.parseInt(t));
      } catch (NumberFormatException ex) {
        // reported below
      }
    }
    errors.add(
        Problem.at(
            "RESOLVER_CONFIG_VALUE", "mode must be a file mode such as 0666", e.keyLine(), 0));
    return OptionalInt.empty();
  }

  private OptionalInt checkedMode(YamlTree.Entry e, int mode) {
    if (mode < 0 || mode > 07777) {
      errors.add(
          Problem.at("RESOLVER_CONFIG_VALUE", "mode must be within 0..07777", e.keyLine(), 0));
      return OptionalInt.empty();
    }
    return OptionalInt.of(mode);
  }

  private ProactiveFetching proactive(YamlTree.Mapping top) {
    YamlTree.Mapping m = fields.mapping(top, "proactive_policy_fetching");
    checkKeys(m, "proactive_policy_fetching.", PROACTIVE_KEYS, false);
    ProactiveFetching d = ProactiveFetching.DEFAULT;
    int limit = (int) fields.number(m, "concurrency_limit", d.concurrencyLimit(), 1, MAX);
    double ratio = fields.decimal(m, "grace_ratio", d.graceRatio());
    if (!(ratio > 0)) {
      fields.error(m, "grace_ratio", "RESOLVER_CONFIG_VALUE", "grace_ratio must be > 0");
    }
    return new ProactiveFetching(
        fields.bool(m, "enabled", d.enabled()), seconds(m, "interval", d.interval()), limit, ratio);
  }

  private CacheSettings cache(YamlTree.Mapping top) {
    YamlTree.Mapping c = fields.mapping(top, "cache");
    checkKeys(c, "cache.", Set.of("type", "options"), false);
    String type = fields.string(c, "type").orElse("internal");
    YamlTree.Mapping o = fields.mapping(c, "options");
    Duration five = Duration.ofSeconds(5);
    switch (type) {
      case "internal" -> {
        checkKeys(o, "cache.options.", Set.of("cache_size"), true);
        return new CacheSettings.Internal((int) fields.number(o, "cache_size", 10000, 1, MAX));
      }
      case "sqlite" -> {
        checkKeys(o, "cache.options.", Set.of("filename", "threads", "timeout"), true);
        String filename = required(o, c, "filename", "cache.options.filename");
        int threads = (int) fields.number(o, "threads", cpuCount, 1, MAX);
        return new CacheSettings.Sqlite(filename, threads, seconds(o, "timeout", five));
      }
      case "redis" -> {
        Set<String> ours =
            Set.of("url", "socket_timeout", "socket_connect_timeout", "max_connections");
        checkKeys(o, "cache.options.", ours, false);
        int max = (int) fields.number(o, "max_connections", 0, Integer.MIN_VALUE, MAX);
        return new CacheSettings.Redis(
            required(o, c, "url", "cache.options.url"),
            seconds(o, "socket_timeout", five),
            seconds(o, "socket_connect_timeout", five),
            max > 0 ? OptionalInt.of(max) : OptionalInt.empty());
      }
      case "postgres" -> {
        checkKeys(o, "cache.options.", Set.of("dsn", "timeout"), false);
        return new CacheSettings.Postgres(
            required(o, c, "dsn", "cache.options.dsn"), seconds(o, "timeout", five));
      }
      default -> {
        fields.error(
            c,
            "type",
            "RESOLVER_CONFIG_UNSUPPORTED",
            "cache type '" + type + "' is not supported (internal, sqlite, redis, postgres)");
        return new CacheSettings.Internal(10000);
      }
    }
  }

  private ZoneSettings zone(YamlTree.Mapping m, String prefix) {
    checkKeys(m, prefix, ZONE_KEYS, false);
    ZoneSettings d = ZoneSettings.DEFAULT;
    return new ZoneSettings(
        fields.bool(m, "strict_testing", d.strictTesting()),
        seconds(m, "timeout", d.timeout()),
        fields.bool(m, "require_sni", d.requireSni()),
        fields.bool(m, "tlsrpt", d.tlsrpt()));
  }

  private Map<String, ZoneSettings> zones(YamlTree.Mapping top) {
    YamlTree.Mapping m = fields.mapping(top, "zones");
    Map<String, ZoneSettings> zones = new LinkedHashMap<>();
    for (YamlTree.Entry e : m.entries().values()) {
      YamlTree.Mapping zone =
          e.value() instanceof YamlTree.Scalar s && s.isNull()
              ? new YamlTree.Mapping(Map.of(), e.keyLine())
              : fields.asMapping(e, "zones." + e.key());
      zones.put(e.key(), zone(zone, "zones." + e.key() + "."));
    }
    return zones;
  }

  private Optional<InetSocketAddress> metrics(YamlTree.Mapping top) {
    if (!top.entries().containsKey("metrics")) {
      return Optional.empty();
    }
    YamlTree.Mapping m = fields.mapping(top, "metrics");
    checkKeys(m, "metrics.", Set.of("listen"), true);
    String listen = fields.string(m, "listen").orElse("127.0.0.1:9461");
    int colon = listen.lastIndexOf(':');
    try {
      String host = listen.substring(0, colon).replace("[", "").replace("]", "");
      int port = Integer.parseInt(listen.substring(colon + 1));
      if (colon < 1 || port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return Optional.of(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (NumberFormatException | StringIndexOutOfBoundsException | UnknownHostException e) {
      fields.error(
          m, "listen", "RESOLVER_CONFIG_VALUE", "metrics.listen must be HOST:PORT (an address)");
      return Optional.empty();
    }
  }

  private FetchOptions fetchOptions(YamlTree.Mapping top) {
    YamlTree.Mapping m = fields.mapping(top, "mtasts");
    checkKeys(
        m,
        "mtasts.",
        Set.of(
            "ca_file",
            "dns",
            "https_port",
            "dnssec",
            "allow_private_addresses",
            "max_connections",
            "max_lookups"),
        true);
    Optional<Path> caFile = fields.path(m, "ca_file");
    List<InetSocketAddress> servers = new ArrayList<>();
    YamlTree.Entry dns = m.entries().get("dns");
    if (dns != null) {
      List<YamlTree> items =
          dns.value() instanceof YamlTree.Sequence seq ? seq.items() : List.of(dns.value());
      for (YamlTree item : items) {
        if (item instanceof YamlTree.Scalar s && !s.isNull()) {
          switch (DnsOptions.parseServer(s.text())) {
            case ParseResult.Ok<InetSocketAddress> ok -> servers.add(ok.value());
            case ParseResult.Err<InetSocketAddress> err ->
                fields.error(
                    m, "dns", err.errors().getFirst().code(), err.errors().getFirst().message());
          }
        } else {
          fields.error(
              m, "dns", "RESOLVER_CONFIG_TYPE", "mtasts.dns must be HOST[:PORT] or a list of them");
        }
      }
    }
    int port = (int) fields.number(m, "https_port", FetchSettings.DEFAULT_PORT, 1, 65535);
    DnssecMode dnssec =
        switch (fields.string(m, "dnssec").orElse("off").strip().toLowerCase(Locale.ROOT)) {
          case "off", "false" -> DnssecMode.OFF;
          case "trust_ad" -> DnssecMode.TRUST_AD;
          case "validate" -> DnssecMode.VALIDATE;
          default -> {
            fields.error(
                m,
                "dnssec",
                "RESOLVER_CONFIG_VALUE",
                "mtasts.dnssec must be off, trust_ad or validate");
            yield DnssecMode.OFF;
          }
        };
    return new FetchOptions(
        caFile, servers, port, dnssec, fields.bool(m, "allow_private_addresses", false));
  }

  /** Our {@code mtasts.max_connections} and {@code mtasts.max_lookups} (keys checked above). */
  private ResolverConfig.Limits limits(YamlTree.Mapping top) {
    YamlTree.Mapping m = fields.mapping(top, "mtasts");
    return new ResolverConfig.Limits(
        (int) fields.number(m, "max_connections", ServerOptions.DEFAULT_MAX_CONNECTIONS, 1, MAX),
        (int) fields.number(m, "max_lookups", ServerOptions.DEFAULT_MAX_LOOKUPS, 1, MAX));
  }

  /**
   * {@code dane.mode}, dane-only by default. DANE needs DNSSEC-secure answers (RFC 7672 §2.2): with
   * {@code mtasts.dnssec: off} (the default) none is, and the mode changes nothing. That is said as
   * a warning only when the file asks for DANE, so a default file starts without one.
   */
  private DaneMode dane(YamlTree.Mapping top, DnssecMode dnssec) {
    YamlTree.Mapping m = fields.mapping(top, "dane");
    checkKeys(m, "dane.", Set.of("mode"), true);
    Optional<String> text = fields.string(m, "mode");
    if (text.isEmpty()) {
      return DaneMode.DANE_ONLY;
    }
    Optional<DaneMode> mode = DaneMode.fromToken(text.get());
    if (mode.isEmpty()) {
      fields.error(
          m, "mode", "RESOLVER_CONFIG_VALUE", "dane.mode must be dane-only, defer or ignore");
    } else if (mode.get() != DaneMode.IGNORE && dnssec == DnssecMode.OFF) {
      warnings.add(
          Problem.at(
              "RESOLVER_CONFIG_DANE_WITHOUT_DNSSEC",
              "dane.mode is "
                  + mode.get().token()
                  + " but mtasts.dnssec is off: no DNS answer can be DNSSEC-secure, so DANE"
                  + " precedence (RFC 8461 §2) is off and no MX or TLSA is looked up; set"
                  + " mtasts.dnssec to trust_ad (a validating resolver on loopback) or validate",
              m.entries().get("mode").keyLine(),
              0));
    }
    return mode.orElse(DaneMode.DANE_ONLY);
  }

  // --- helpers: each reports the key and its line ---

  private void checkKeys(YamlTree.Mapping m, String prefix, Set<String> known, boolean strict) {
    if (strict) {
      fields.keys(m, prefix, known);
      return;
    }
    for (YamlTree.Entry e : YamlFields.unknown(m, known)) {
      warnings.add(
          Problem.at(
              "RESOLVER_CONFIG_UNKNOWN_KEY",
              "unknown key '"
                  + prefix
                  + e.key()
                  + "' ignored (as postfix-mta-sts-resolver ignores it)",
              e.keyLine(),
              0));
    }
  }

  private String required(YamlTree.Mapping m, YamlTree.Mapping parent, String key, String name) {
    Optional<String> v = fields.string(m, key);
    if (v.isEmpty() || v.get().isBlank()) {
      errors.add(
          Problem.at(
              "RESOLVER_CONFIG_MISSING",
              name + " is required for this cache type",
              parent.line(),
              0));
      return "";
    }
    return v.get();
  }

  /** Seconds as a float (the incumbent's unit for every duration). */
  private Duration seconds(YamlTree.Mapping m, String key, Duration dflt) {
    double d = fields.decimal(m, key, Double.NaN);
    if (Double.isNaN(d)) {
      return dflt; // absent, null, or already reported
    }
    if (d < 0) {
      fields.error(m, key, "RESOLVER_CONFIG_VALUE", key + " must not be negative");
      return dflt;
    }
    return Duration.ofNanos(Math.round(d * 1e9));
  }
}
