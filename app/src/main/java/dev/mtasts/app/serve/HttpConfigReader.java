package dev.mtasts.app.serve;

import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Reads {@code http} and {@code https}: the dashboard, API and upload listeners. */
record HttpConfigReader(YamlFields fields) {

  /** {@code http}: the plain-HTTP listener and the limits every listener applies. */
  ServeConfig.Http http(YamlTree.Mapping m) {
    fields.keys(m, "http.", Set.of("listen", "max_body_bytes", "idle_timeout", "rate_limit"));
    ServeConfig.Limits d = ServeConfig.Limits.DEFAULT;
    YamlTree.Mapping rate = fields.mapping(m, "rate_limit");
    fields.keys(rate, "http.rate_limit.", Set.of("per_second", "burst"));
    long maxBody = fields.number(m, "max_body_bytes", d.maxBodyBytes(), 1024, 1L << 30);
    Duration idle = fields.seconds(m, "idle_timeout", d.idleTimeout(), 1, 3600);
    long perSecond = fields.number(rate, "per_second", (long) d.requestsPerSecond(), 0, 1_000_000);
    long burst = fields.number(rate, "burst", d.burst(), 1, 1_000_000);
    return new ServeConfig.Http(
        ServeConfigReader.listen(fields, m, "listen").orElse(ServeConfig.DEFAULT_HTTP_LISTEN),
        new ServeConfig.Limits(maxBody, idle, perSecond, (int) burst));
  }

  /** {@code https}: the TLS listener and its certificate, if complete. */
  Optional<ServeConfig.Https> https(YamlTree.Mapping m) {
    fields.keys(m, "https.", Set.of("listen", "certificate"));
    InetSocketAddress listen =
        ServeConfigReader.listen(fields, m, "listen").orElse(new InetSocketAddress("0.0.0.0", 443));
    Optional<CertificateSource.PemFiles> pem = certificate(m, "https.");
    if (pem.isEmpty()) {
      fields.error(
          m.line(),
          "SERVE_CONFIG_MISSING",
          "https needs certificate: {cert: FULLCHAIN.pem, key: PRIVKEY.pem}");
    }
    return pem.map(p -> new ServeConfig.Https(listen, p.cert(), p.key()));
  }

  /**
   * {@code certificate: {cert, key}} under {@code m}, relative to the config file; empty when
   * either is missing (the caller says so).
   */
  Optional<CertificateSource.PemFiles> certificate(YamlTree.Mapping m, String prefix) {
    YamlTree.Mapping cert = fields.mapping(m, "certificate");
    fields.keys(cert, prefix + "certificate.", Set.of("cert", "key"));
    Optional<Path> certFile = fields.path(cert, "cert");
    Optional<Path> keyFile = fields.path(cert, "key");
    return certFile.isEmpty() || keyFile.isEmpty()
        ? Optional.empty()
        : Optional.of(new CertificateSource.PemFiles(certFile.get(), keyFile.get()));
  }
}
