package dev.mtasts.app.serve;

import dev.mtasts.app.dnsupdate.DnsUpdateSettings;
import dev.mtasts.app.dnsupdate.RecordPublishing;
import dev.mtasts.app.dnsupdate.TsigKey;
import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.tlsrpt.TlsRptRecord;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the DNS records a hosted domain publishes ({@code policy_host.domains.D.tlsrpt_rua}, {@code
 * dns_update}).
 */
record RecordPublishingConfigReader(YamlFields fields) {

  /**
   * {@code tlsrpt_rua: [URI, ...]} (the {@code _smtp._tls} record, RFC 8460 §3) and {@code
   * dns_update: {server, zone, ttl, tsig: {name, algorithm, secret_file}}} (RFC 2136, RFC 8945).
   */
  RecordPublishing read(YamlTree.Mapping m, String prefix, Optional<String> domain) {
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
    fields.keys(u, at, Set.of("server", "zone", "ttl", "timeout", "tsig"));
    YamlTree.Mapping t = fields.mapping(u, "tsig");
    fields.keys(t, at + "tsig.", Set.of("name", "algorithm", "secret_file"));
    Optional<InetSocketAddress> server =
        fields.string(u, "server").flatMap(text -> DnsOptions.parseServer(text).ok());
    if (server.isEmpty()) {
      fields.error(
          u, "server", "SERVE_CONFIG_VALUE", at + "server must be HOST[:PORT], e.g. 192.0.2.53");
    }
    String zone = fields.string(u, "zone").map(String::strip).or(() -> domain).orElse("");
    long ttl = fields.number(u, "ttl", DnsUpdateSettings.DEFAULT_TTL, 0, 2_147_483_647L);
    Duration timeout = fields.seconds(u, "timeout", DnsUpdateSettings.DEFAULT_TIMEOUT, 1, 3600);
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
    ParseResult<TsigKey> key = TsigKey.load(name.get(), algorithm, fields.path(secretFile.get()));
    if (key instanceof ParseResult.Err<TsigKey> bad) {
      fields.error(
          u, "tsig", "SERVE_CONFIG_VALUE", at + "tsig: " + bad.errors().getFirst().message());
    }
    if (!(key instanceof ParseResult.Ok<TsigKey> ok) || server.isEmpty()) {
      return new RecordPublishing(tlsRpt, Optional.empty());
    }
    return new RecordPublishing(
        tlsRpt, Optional.of(new DnsUpdateSettings(server.get(), zone, ttl, ok.value(), timeout)));
  }
}
