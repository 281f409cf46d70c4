package dev.mtasts.app.sending;

import dev.mtasts.app.resolver.ResolverConfig;
import dev.mtasts.app.resolver.ResolverConfigReader;
import dev.mtasts.app.resolver.YamlTree;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnsjavaResolver;
import dev.mtasts.core.tls.TrustAnchors;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What sending needs from the file it is configured in: the {@code tlsrpt_reporting:} section, the
 * DNS servers ({@code mtasts.dns} or serve's {@code dns}), the trusted roots ({@code
 * mtasts.ca_file} or serve's {@code ca_file} added to the JDK's) and {@code
 * allow_private_addresses} ({@code mtasts:} or serve's top level).
 */
public record SendingSetup(
    ReportingConfig reporting,
    DnsResolver dns,
    TrustAnchors anchors,
    boolean allowPrivateAddresses) {

  /** Top-level keys only serve's file has; any of them makes a file serve's. */
  private static final Set<String> SERVE_KEYS =
      Set.of("data", "database", "dns", "http", "https", "reports", "policy_host", "ca_file");

  /** From the resolver's config, when it has the section. */
  public static Optional<ParseResult<SendingSetup>> of(ResolverConfig config) {
    return config
        .reporting()
        .map(
            reporting -> {
              DnsOptions dns = DnsOptions.defaults().withServers(config.fetch().dns());
              return anchors(config.fetch().caFile())
                  .map(
                      a ->
                          new SendingSetup(
                              reporting,
                              new DnsjavaResolver(dns),
                              a,
                              config.fetch().allowPrivateAddresses()));
            });
  }

  /**
   * From serve's config, when it has the section.
   *
   * @param anchors the JDK's roots plus serve's {@code ca_file}
   */
  public static Optional<SendingSetup> of(ServeConfig config, TrustAnchors anchors) {
    DnsOptions dns =
        config.dns().map(DnsOptions.defaults()::withServer).orElseGet(DnsOptions::defaults);
    return config
        .reporting()
        .map(
            reporting ->
                new SendingSetup(
                    reporting, new DnsjavaResolver(dns), anchors, config.allowPrivateAddresses()));
  }

  /** The JDK's roots, plus the certificates of {@code caFile} when there is one. */
  private static ParseResult<TrustAnchors> anchors(Optional<Path> caFile) {
    return caFile.isPresent()
        ? TrustAnchors.jdkDefaultPlus(caFile.get())
        : ParseResult.ok(TrustAnchors.jdkDefault());
  }

  /**
   * Reads a config file's text, the resolver's or serve's (serve's when it has one of serve's own
   * top-level keys), for {@code report send}.
   *
   * @param base the file's directory
   */
  public static ParseResult<SendingSetup> read(String yaml, Path base) {
    YamlTree root = YamlTree.read(yaml);
    boolean serve =
        root instanceof YamlTree.Mapping top
            && top.entries().keySet().stream().anyMatch(SERVE_KEYS::contains);
    Problem none =
        Problem.of(
            "TLSRPT_CONFIG_MISSING",
            "the file has no tlsrpt_reporting section (docs/configuration.md)");
    if (serve) {
      ParseResult<ServeConfig> parsed = ServeConfigReader.read(yaml, base);
      return switch (parsed) {
        case ParseResult.Err<ServeConfig> err -> ParseResult.err(err.errors(), err.warnings());
        case ParseResult.Ok<ServeConfig> ok ->
            switch (anchors(ok.value().outbound().caFile())) {
              case ParseResult.Err<TrustAnchors> bad ->
                  ParseResult.err(bad.errors(), ok.warnings());
              case ParseResult.Ok<TrustAnchors> anchors ->
                  of(ok.value(), anchors.value())
                      .map(s -> ParseResult.ok(s, ok.warnings()))
                      .orElseGet(() -> ParseResult.err(List.of(none), ok.warnings()));
            };
      };
    }
    ParseResult<ResolverConfig> parsed = ResolverConfigReader.read(yaml);
    return switch (parsed) {
      case ParseResult.Err<ResolverConfig> err -> ParseResult.err(err.errors(), err.warnings());
      case ParseResult.Ok<ResolverConfig> ok ->
          of(ok.value()).orElseGet(() -> ParseResult.err(List.of(none), ok.warnings()));
    };
  }
}
