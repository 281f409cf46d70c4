package dev.mtasts.app.serve;

import dev.mtasts.app.alert.AlertConfig;
import dev.mtasts.app.alert.AlertDispatcher;
import dev.mtasts.app.dnsupdate.DnsUpdateSettings;
import dev.mtasts.app.dnsupdate.RecordPublishing;
import dev.mtasts.app.dnsupdate.TsigKey;
import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.app.readiness.Thresholds;
import dev.mtasts.app.relay.RelayConfig;
import dev.mtasts.app.relay.RelayConfigReader;
import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import dev.mtasts.app.sending.ReportingConfigReader;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.tlsrpt.TlsRptRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
 * error naming the key and its line ({@code SERVE_CONFIG_UNKNOWN_KEY}). Relative paths are relative
 * to the file's directory.
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
          "readiness",
          "alerts",
          "policy_host",
          "tlsrpt_reporting");
  private static final Set<String> RESERVED = Set.of();
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
    Optional<PolicyHostConfig> policyHost =
        top.entries().containsKey("policy_host")
            ? Optional.of(policyHost(fields.mapping(top, "policy_host")))
            : Optional.empty();
    policyHost.ifPresent(p -> sharedListen(top, p.listen(), http, https));
    YamlTree.Mapping metrics = fields.mapping(top, "metrics");
    keys(metrics, "metrics.", Set.of("public"), Set.of());
    boolean metricsPublic = bool(metrics, "public", false);
    ServeConfig.Reports reports = reports(fields.mapping(top, "reports"));
    Thresholds readiness = readiness(fields.mapping(top, "readiness"));
    Optional<AlertConfig> alerts =
        top.entries().containsKey("alerts")
            ? Optional.of(alerts(fields.mapping(top, "alerts")))
            : Optional.empty();
    ServeConfig config =
        new ServeConfig(
            data,
            database,
            dns,
            http,
            https,
            policyHost,
            reports,
            metricsPublic,
            true,
            allowPrivate,
            ReportingConfigReader.read(top, "SERVE_CONFIG", base, Optional.of(data), errors),
            readiness,
            alerts);
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

  private PolicyHostConfig policyHost(YamlTree.Mapping m) {
    keys(
        m,
        "policy_host.",
        Set.of("listen", "domains", "acme_http_listen", "monitor_interval"),
        Set.of());
    InetSocketAddress listen = listen(m, "listen", PolicyHostConfig.DEFAULT_LISTEN);
    List<HostedDomain> domains = new ArrayList<>();
    for (YamlTree.Entry e : fields.mapping(m, "domains").entries().values()) {
      hostedDomain(e)
          .ifPresent(
              d -> {
                if (domains.stream().anyMatch(other -> other.domain().equals(d.domain()))) {
                  errors.add(
                      Problem.at(
                          "SERVE_CONFIG_VALUE",
                          "policy_host.domains names " + d.domain() + " twice",
                          e.keyLine(),
                          0));
                } else {
                  domains.add(d);
                }
              });
    }
    Optional<InetSocketAddress> acmeHttpListen =
        Optional.ofNullable(listen(m, "acme_http_listen", null));
    long monitor =
        number(
            m,
            "monitor_interval",
            PolicyHostConfig.DEFAULT_MONITOR_INTERVAL.toSeconds(),
            0,
            Duration.ofDays(7).toSeconds());
    if (monitor > 0 && monitor < 60) {
      fields.error(
          m,
          "monitor_interval",
          "SERVE_CONFIG_VALUE",
          "policy_host.monitor_interval must be 0 (off) or at least 60 seconds");
    }
    return new PolicyHostConfig(listen, domains, acmeHttpListen, Duration.ofSeconds(monitor));
  }

  /** One domain under {@code policy_host.domains}; its policy as RFC 8461 §3.2 allows it. */
  private Optional<HostedDomain> hostedDomain(YamlTree.Entry e) {
    String prefix = "policy_host.domains." + e.key() + ".";
    YamlTree.Mapping m = fields.asMapping(e, "policy_host.domains." + e.key());
    keys(
        m,
        prefix,
        Set.of("mode", "mx", "max_age", "certificate", "acme", "tlsrpt_rua", "dns_update"),
        Set.of());
    int before = errors.size();
    String name = e.key().strip();
    ParseResult<Domain> domain =
        Domain.parse(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
    if (domain instanceof ParseResult.Err<Domain> bad) {
      errors.add(
          Problem.at(
              "SERVE_CONFIG_VALUE",
              "policy_host.domains: '"
                  + e.key()
                  + "' is not a domain name: "
                  + bad.errors().getFirst().message(),
              e.keyLine(),
              0));
    }
    String modeText = fields.string(m, "mode").orElse("testing").strip().toLowerCase(Locale.ROOT);
    Mode mode = Mode.fromToken(modeText).orElse(Mode.TESTING);
    if (Mode.fromToken(modeText).isEmpty()) {
      fields.error(
          m, "mode", "SERVE_CONFIG_VALUE", prefix + "mode must be testing, enforce or none");
    }
    List<MxPattern> mx = new ArrayList<>();
    YamlTree.Entry mxEntry = m.entries().get("mx");
    if (mxEntry != null && mxEntry.value() instanceof YamlTree.Sequence seq) {
      for (YamlTree item : seq.items()) {
        String text = item instanceof YamlTree.Scalar s && !s.isNull() ? s.text().strip() : "";
        switch (MxPattern.parse(text)) {
          case ParseResult.Ok<MxPattern> ok -> mx.add(ok.value());
          case ParseResult.Err<MxPattern> bad ->
              errors.add(
                  Problem.at(
                      "SERVE_CONFIG_VALUE",
                      prefix
                          + "mx: '"
                          + text
                          + "' is not an MX host or *.pattern: "
                          + bad.errors().getFirst().message(),
                      item.line(),
                      0));
        }
      }
    } else if (mxEntry != null && !(mxEntry.value() instanceof YamlTree.Scalar s && s.isNull())) {
      fields.error(
          m, "mx", "SERVE_CONFIG_TYPE", prefix + "mx must be a list, e.g. [mx1.example.org]");
    }
    if (mx.isEmpty() && mode != Mode.NONE && errors.size() == before) {
      fields.error(
          m,
          "mx",
          "SERVE_CONFIG_MISSING",
          prefix + "mx must name at least one MX host pattern (RFC 8461 §3.2) in mode " + modeText);
    }
    long maxAge = number(m, "max_age", HostedDomain.defaultMaxAge(mode), 0, Policy.MAX_MAX_AGE);
    Optional<CertificateSource> certificate = certificateSource(m, prefix);
    RecordPublishing publishing = recordPublishing(m, prefix, domain.ok().map(Domain::ascii));
    if (errors.size() > before || certificate.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HostedDomain(
            domain.orThrow().ascii(),
            new Policy(mode, mx, maxAge, List.of()),
            certificate.get(),
            publishing));
  }

  /**
   * {@code tlsrpt_rua: [URI, ...]} (the {@code _smtp._tls} record, RFC 8460 §3) and {@code
   * dns_update: {server, zone, ttl, tsig: {name, algorithm, secret_file}}} (RFC 2136, RFC 8945).
   */
  private RecordPublishing recordPublishing(
      YamlTree.Mapping m, String prefix, Optional<String> domain) {
    Optional<TlsRptRecord> tlsRpt = Optional.empty();
    YamlTree.Entry rua = m.entries().get("tlsrpt_rua");
    if (rua != null && rua.value() instanceof YamlTree.Sequence seq && !seq.items().isEmpty()) {
      List<String> uris = new ArrayList<>();
      seq.items().forEach(i -> uris.add(i instanceof YamlTree.Scalar sc ? sc.text().strip() : ""));
      switch (TlsRptRecord.parse("v=TLSRPTv1; rua=" + String.join(",", uris))) {
        case ParseResult.Ok<TlsRptRecord> ok -> tlsRpt = Optional.of(ok.value());
        case ParseResult.Err<TlsRptRecord> bad ->
            fields.error(
                m,
                "tlsrpt_rua",
                "SERVE_CONFIG_VALUE",
                prefix + "tlsrpt_rua: " + bad.errors().getFirst().message());
      }
    } else if (rua != null && !(rua.value() instanceof YamlTree.Scalar sc && sc.isNull())) {
      fields.error(
          m,
          "tlsrpt_rua",
          "SERVE_CONFIG_TYPE",
          prefix + "tlsrpt_rua must be a list, e.g. [mailto:tlsrpt@example.org]");
    }
    if (!m.entries().containsKey("dns_update")) {
      return new RecordPublishing(tlsRpt, Optional.empty());
    }
    String at = prefix + "dns_update.";
    YamlTree.Mapping u = fields.mapping(m, "dns_update");
    keys(u, at, Set.of("server", "zone", "ttl", "timeout", "tsig"), Set.of());
    YamlTree.Mapping t = fields.mapping(u, "tsig");
    keys(t, at + "tsig.", Set.of("name", "algorithm", "secret_file"), Set.of());
    Optional<InetSocketAddress> server =
        fields.string(u, "server").flatMap(text -> DnsOptions.parseServer(text).ok());
    if (server.isEmpty()) {
      fields.error(
          u, "server", "SERVE_CONFIG_VALUE", at + "server must be HOST[:PORT], e.g. 192.0.2.53");
    }
    String zone = fields.string(u, "zone").map(String::strip).or(() -> domain).orElse("");
    long ttl = number(u, "ttl", DnsUpdateSettings.DEFAULT_TTL, 0, 2_147_483_647L);
    long timeout = number(u, "timeout", DnsUpdateSettings.DEFAULT_TIMEOUT.toSeconds(), 1, 3600);
    Optional<String> name = fields.string(t, "name").map(String::strip);
    Optional<String> secretFile = fields.string(t, "secret_file");
    if (name.isEmpty() || secretFile.isEmpty()) {
      fields.error(
          u,
          "tsig",
          "SERVE_CONFIG_MISSING",
          at + "tsig needs name and secret_file (dynamic updates are always signed, RFC 8945)");
      return new RecordPublishing(tlsRpt, Optional.empty());
    }
    String algorithm = fields.string(t, "algorithm").orElse(TsigKey.DEFAULT_ALGORITHM).strip();
    ParseResult<TsigKey> key = TsigKey.load(name.get(), algorithm, path(secretFile.get()));
    if (key instanceof ParseResult.Err<TsigKey> bad) {
      fields.error(
          u, "tsig", "SERVE_CONFIG_VALUE", at + "tsig: " + bad.errors().getFirst().message());
    }
    if (!(key instanceof ParseResult.Ok<TsigKey> ok) || server.isEmpty()) {
      return new RecordPublishing(tlsRpt, Optional.empty());
    }
    return new RecordPublishing(
        tlsRpt,
        Optional.of(
            new DnsUpdateSettings(
                server.get(), zone, ttl, ok.value(), Duration.ofSeconds(timeout))));
  }

  /** Exactly one of {@code certificate: {cert, key}} and {@code acme: {directory, ...}}. */
  private Optional<CertificateSource> certificateSource(YamlTree.Mapping m, String prefix) {
    boolean pem = m.entries().containsKey("certificate");
    boolean acme = m.entries().containsKey("acme");
    if (pem == acme) {
      errors.add(
          Problem.at(
              "SERVE_CONFIG_MISSING",
              prefix
                  + (pem
                      ? "certificate and acme exclude each other"
                      : "certificate or acme is missing")
                  + ": give certificate: {cert: FULLCHAIN.pem, key: PRIVKEY.pem}"
                  + " or acme: {directory: https://..., email: ...}",
              m.line(),
              0));
      return Optional.empty();
    }
    if (pem) {
      YamlTree.Mapping cert = fields.mapping(m, "certificate");
      keys(cert, prefix + "certificate.", Set.of("cert", "key"), Set.of());
      Optional<String> certFile = fields.string(cert, "cert");
      Optional<String> keyFile = fields.string(cert, "key");
      if (certFile.isEmpty() || keyFile.isEmpty()) {
        fields.error(
            m,
            "certificate",
            "SERVE_CONFIG_MISSING",
            prefix + "certificate needs {cert: FULLCHAIN.pem, key: PRIVKEY.pem}");
        return Optional.empty();
      }
      return Optional.of(new CertificateSource.PemFiles(path(certFile.get()), path(keyFile.get())));
    }
    YamlTree.Mapping a = fields.mapping(m, "acme");
    keys(a, prefix + "acme.", Set.of("directory", "email", "ca_file"), Set.of());
    Optional<URI> directory = fields.string(a, "directory").flatMap(ServeConfigReader::httpsUrl);
    if (directory.isEmpty()) {
      fields.error(
          a.entries().isEmpty() ? m : a,
          a.entries().isEmpty() ? "acme" : "directory",
          "SERVE_CONFIG_VALUE",
          prefix + "acme.directory must be the ACME server's https:// directory URL");
      return Optional.empty();
    }
    Optional<String> email = fields.string(a, "email").map(String::strip);
    if (email.isPresent() && !email.get().matches("[^@\\s]+@[^@\\s]+")) {
      fields.error(a, "email", "SERVE_CONFIG_VALUE", prefix + "acme.email must be an address");
      return Optional.empty();
    }
    return Optional.of(
        new CertificateSource.Acme(
            directory.get(), email, fields.string(a, "ca_file").map(this::path)));
  }

  private static Optional<URI> httpsUrl(String text) {
    try {
      URI uri = new URI(text.strip());
      return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
          ? Optional.of(uri)
          : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The policy listener needs an address of its own: it serves nothing but policies. */
  private void sharedListen(
      YamlTree.Mapping top,
      InetSocketAddress policyListen,
      ServeConfig.Http http,
      Optional<ServeConfig.Https> https) {
    // port 0 (any free port, for tests) never collides
    if (policyListen.getPort() != 0
        && (policyListen.equals(http.listen())
            || https.map(h -> h.listen().equals(policyListen)).orElse(false))) {
      fields.error(
          top,
          "policy_host",
          "SERVE_CONFIG_VALUE",
          "policy_host.listen "
              + policyListen.getAddress().getHostAddress()
              + ":"
              + policyListen.getPort()
              + " is also http.listen or https.listen; the policy host needs its own address"
              + " or port");
    }
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

  /** {@code readiness}: the thresholds of the enforce-readiness verdict (docs/readiness.md). */
  private Thresholds readiness(YamlTree.Mapping m) {
    keys(
        m,
        "readiness.",
        Set.of(
            "window_days",
            "min_days",
            "min_senders",
            "min_sessions",
            "max_failure_rate",
            "max_sender_failure_rate"),
        Set.of());
    Thresholds d = Thresholds.DEFAULT;
    int window = (int) number(m, "window_days", d.windowDays(), 1, 366);
    int minDays = (int) number(m, "min_days", d.minDays(), 1, 366);
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
        (int) number(m, "min_senders", d.minSenders(), 1, 10_000),
        number(m, "min_sessions", d.minSessions(), 1, 1_000_000_000),
        rate(m, "max_failure_rate", d.maxFailureRate()),
        rate(m, "max_sender_failure_rate", d.maxSenderFailureRate()));
  }

  /** {@code alerts}: rules, channels, digest (docs/alerts.md). */
  private AlertConfig alerts(YamlTree.Mapping m) {
    keys(m, "alerts.", Set.of("debounce", "interval", "retry", "rules", "channels"), Set.of());
    long debounce = number(m, "debounce", AlertConfig.DEFAULT_DEBOUNCE.toSeconds(), 0, 86_400);
    long interval = number(m, "interval", AlertConfig.DEFAULT_INTERVAL.toSeconds(), 10, 86_400);
    YamlTree.Mapping retryMap = fields.mapping(m, "retry");
    keys(retryMap, "alerts.retry.", Set.of("first", "max", "attempts"), Set.of());
    AlertDispatcher.Retry d = AlertDispatcher.Retry.DEFAULT;
    long first = number(retryMap, "first", d.first().toSeconds(), 1, 86_400);
    long max = number(retryMap, "max", Math.max(first, d.max().toSeconds()), first, 86_400);
    AlertDispatcher.Retry retry =
        new AlertDispatcher.Retry(
            Duration.ofSeconds(first),
            Duration.ofSeconds(max),
            (int) number(retryMap, "attempts", d.attempts(), 1, 1000));
    AlertConfig.Rules rules =
        m.entries().containsKey("rules")
            ? rules(fields.mapping(m, "rules"))
            : AlertConfig.Rules.DEFAULT;
    YamlTree.Mapping channels = fields.mapping(m, "channels");
    keys(channels, "alerts.channels.", Set.of("webhook", "email", "digest"), Set.of());
    Optional<AlertConfig.Webhook> webhook =
        channels.entries().containsKey("webhook")
            ? webhook(fields.mapping(channels, "webhook"))
            : Optional.empty();
    Optional<AlertConfig.Email> email =
        channels.entries().containsKey("email")
            ? email(fields.mapping(channels, "email"))
            : Optional.empty();
    Optional<AlertConfig.Digest> digest = Optional.empty();
    if (channels.entries().containsKey("digest")) {
      YamlTree.Mapping dm = fields.mapping(channels, "digest");
      keys(dm, "alerts.channels.digest.", Set.of("hour"), Set.of());
      digest = Optional.of(new AlertConfig.Digest((int) number(dm, "hour", 7, 0, 23)));
      if (!channels.entries().containsKey("webhook") && !channels.entries().containsKey("email")) {
        fields.error(
            channels,
            "digest",
            "SERVE_CONFIG_MISSING",
            "alerts.channels.digest goes out through the webhook or email channel; configure one");
      }
    }
    return new AlertConfig(
        Duration.ofSeconds(debounce),
        Duration.ofSeconds(interval),
        retry,
        rules,
        webhook,
        email,
        digest);
  }

  private AlertConfig.Rules rules(YamlTree.Mapping m) {
    keys(
        m,
        "alerts.rules.",
        Set.of("failure_rate", "new_result_type", "new_failing_sender", "reports_missing"),
        Set.of());
    Optional<AlertConfig.FailureRate> failureRate = Optional.empty();
    if (m.entries().containsKey("failure_rate")) {
      YamlTree.Mapping r = fields.mapping(m, "failure_rate");
      keys(
          r,
          "alerts.rules.failure_rate.",
          Set.of("threshold", "window_days", "min_sessions"),
          Set.of());
      AlertConfig.FailureRate d = AlertConfig.FailureRate.DEFAULT;
      failureRate =
          Optional.of(
              new AlertConfig.FailureRate(
                  rate(r, "threshold", d.threshold()),
                  (int) number(r, "window_days", d.windowDays(), 0, 366),
                  number(r, "min_sessions", d.minSessions(), 1, 1_000_000_000)));
    }
    Optional<AlertConfig.Novelty> newType =
        m.entries().containsKey("new_result_type")
            ? Optional.of(novelty(fields.mapping(m, "new_result_type"), "new_result_type"))
            : Optional.empty();
    Optional<AlertConfig.Novelty> newSender =
        m.entries().containsKey("new_failing_sender")
            ? Optional.of(novelty(fields.mapping(m, "new_failing_sender"), "new_failing_sender"))
            : Optional.empty();
    Optional<AlertConfig.ReportsMissing> missing = Optional.empty();
    if (m.entries().containsKey("reports_missing")) {
      YamlTree.Mapping r = fields.mapping(m, "reports_missing");
      keys(
          r,
          "alerts.rules.reports_missing.",
          Set.of("days", "history_days", "min_history_days"),
          Set.of());
      AlertConfig.ReportsMissing d = AlertConfig.ReportsMissing.DEFAULT;
      int history = (int) number(r, "history_days", d.historyDays(), 1, 366);
      missing =
          Optional.of(
              new AlertConfig.ReportsMissing(
                  (int) number(r, "days", d.days(), 1, 366),
                  history,
                  (int)
                      number(
                          r,
                          "min_history_days",
                          Math.min(d.minHistoryDays(), history),
                          1,
                          history)));
    }
    return new AlertConfig.Rules(failureRate, newType, newSender, missing);
  }

  private AlertConfig.Novelty novelty(YamlTree.Mapping r, String name) {
    keys(r, "alerts.rules." + name + ".", Set.of("window_days", "history_days"), Set.of());
    AlertConfig.Novelty d = AlertConfig.Novelty.DEFAULT;
    return new AlertConfig.Novelty(
        (int) number(r, "window_days", d.windowDays(), 0, 366),
        (int) number(r, "history_days", d.historyDays(), 1, 366));
  }

  private Optional<AlertConfig.Webhook> webhook(YamlTree.Mapping m) {
    keys(m, "alerts.channels.webhook.", Set.of("url", "secret_file"), Set.of());
    Optional<String> url = fields.string(m, "url");
    Optional<String> secret = fields.string(m, "secret_file");
    if (url.isEmpty() || secret.isEmpty()) {
      errors.add(
          Problem.at(
              "SERVE_CONFIG_MISSING",
              "alerts.channels.webhook needs url and secret_file, e.g."
                  + " {url: https://hooks.example.org/mtasts, secret_file: webhook.secret}",
              m.line(),
              0));
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.get().strip());
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null ? "" : String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (uri == null || uri.getHost() == null || !Set.of("http", "https").contains(scheme)) {
      fields.error(
          m, "url", "SERVE_CONFIG_VALUE", "alerts.channels.webhook.url must be an http(s) URL");
      return Optional.empty();
    }
    return Optional.of(new AlertConfig.Webhook(uri, path(secret.get())));
  }

  private Optional<AlertConfig.Email> email(YamlTree.Mapping m) {
    Set<String> known = new HashSet<>(RelayConfigReader.KEYS);
    known.addAll(Set.of("from", "to"));
    keys(m, "alerts.channels.email.", known, Set.of());
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
    if (!m.entries().containsKey("relay") || from.isEmpty() || to.isEmpty()) {
      errors.add(
          Problem.at(
              "SERVE_CONFIG_MISSING",
              "alerts.channels.email needs relay, from and to, e.g. {relay: 127.0.0.1:25,"
                  + " from: mtasts@example.org, to: [ops@example.org]}",
              m.line(),
              0));
      return Optional.empty();
    }
    Optional<RelayConfig> relay =
        RelayConfigReader.read(
            m, "alerts.channels.email", "SERVE_CONFIG", base, Optional.empty(), errors);
    boolean addresses = from.get().contains("@") && to.stream().allMatch(t -> t.contains("@"));
    if (!addresses) {
      fields.error(
          m, "to", "SERVE_CONFIG_VALUE", "alerts.channels.email from and to must be addresses");
      return Optional.empty();
    }
    return relay.map(r -> new AlertConfig.Email(r, from.get().strip(), to));
  }

  /** A share within 0 (inclusive) and 1, e.g. 0.05 for 5%. */
  private double rate(YamlTree.Mapping m, String key, double dflt) {
    Optional<YamlTree.Scalar> s = fields.scalar(m, key);
    if (s.isEmpty()) {
      return dflt;
    }
    JsonToken t = s.get().token();
    if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
      double v = Double.parseDouble(s.get().text().strip());
      if (v >= 0 && v < 1) {
        return v;
      }
    }
    fields.error(
        m, key, "SERVE_CONFIG_VALUE", key + " must be a share within 0 and 1, e.g. 0.05 for 5%");
    return dflt;
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
