package dev.mtasts.app.serve;

import dev.mtasts.app.alert.AlertConfig;
import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.app.readiness.Thresholds;
import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import dev.mtasts.app.sending.ReportingConfigReader;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.tls.TrustAnchors;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

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
          "https_port",
          "smtp_port",
          "http",
          "https",
          "metrics",
          "reports",
          "readiness",
          "alerts",
          "policy_host",
          "tlsrpt_reporting");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final Path base;
  private final List<Problem> errors = new ArrayList<>();
  private final YamlFields fields;

  private ServeConfigReader(Path base) {
    this.base = base;
    this.fields = new YamlFields("SERVE_CONFIG", "", base, errors);
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
    fields.keys(top, "", TOP);
    Path data = fields.path(top, "data").orElse(base.resolve("data"));
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
    Optional<Path> caFile = fields.path(top, "ca_file");
    caFile.ifPresent(
        file -> {
          if (TrustAnchors.readPemFile(file) instanceof ParseResult.Err<?> bad) {
            fields.error(top, "ca_file", "SERVE_CONFIG_VALUE", bad.errors().getFirst().message());
          }
        });
    ServeConfig.Outbound outbound =
        new ServeConfig.Outbound(
            caFile,
            (int)
                fields.number(
                    top, "https_port", ServeConfig.Outbound.DEFAULT.httpsPort(), 1, 65_535),
            (int)
                fields.number(
                    top, "smtp_port", ServeConfig.Outbound.DEFAULT.smtpPort(), 1, 65_535));
    boolean allowPrivate = fields.bool(top, "allow_private_addresses", false);
    HttpConfigReader listeners = new HttpConfigReader(fields);
    ServeConfig.Http http = listeners.http(fields.mapping(top, "http"));
    Optional<ServeConfig.Https> https = fields.section(top, "https").flatMap(listeners::https);
    PolicyHostConfigReader policyHosts = new PolicyHostConfigReader(fields);
    Optional<PolicyHostConfig> policyHost =
        fields.section(top, "policy_host").map(policyHosts::read);
    policyHost.ifPresent(p -> policyHosts.sharedListen(top, p.listen(), http, https));
    YamlTree.Mapping metrics = fields.mapping(top, "metrics");
    fields.keys(metrics, "metrics.", Set.of("public"));
    boolean metricsPublic = fields.bool(metrics, "public", false);
    ServeConfig.Reports reports =
        new ReportsConfigReader(fields).read(fields.mapping(top, "reports"));
    Thresholds readiness = new ReadinessConfigReader(fields).read(fields.mapping(top, "readiness"));
    Optional<AlertConfig> alerts =
        fields.section(top, "alerts").map(new AlertsConfigReader(fields)::read);
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
            alerts,
            outbound);
    return errors.isEmpty() ? ParseResult.ok(config) : ParseResult.err(errors, List.of());
  }

  /** {@code key}'s listen address; an error naming the key when it is not one. */
  static Optional<InetSocketAddress> listen(YamlFields fields, YamlTree.Mapping m, String key) {
    return fields.parsed(
        m, key, ServeConfigReader::parseListen, key + " must be IP:PORT, e.g. 127.0.0.1:8080");
  }

  /** An absolute URL with a host and one of {@code schemes} (lower case). */
  static Optional<URI> url(String text, Set<String> schemes) {
    try {
      URI uri = new URI(text.strip());
      return uri.getHost() != null
              && schemes.contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))
          ? Optional.of(uri)
          : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** {@code IP:PORT}, {@code [IPV6]:PORT} or {@code localhost:PORT}; never a DNS lookup. */
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
}
