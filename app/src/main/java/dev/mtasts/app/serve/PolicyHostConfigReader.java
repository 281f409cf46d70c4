package dev.mtasts.app.serve;

import dev.mtasts.app.dnsupdate.RecordPublishing;
import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.app.resolver.YamlFields;
import dev.mtasts.app.resolver.YamlTree;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code policy_host}: the policy listener and its hosted domains (docs/policy-hosting.md).
 */
record PolicyHostConfigReader(YamlFields fields) {

  /** {@code policy_host}: the listener, the hosted domains and the monitoring interval. */
  PolicyHostConfig read(YamlTree.Mapping m) {
    fields.keys(
        m, "policy_host.", Set.of("listen", "domains", "acme_http_listen", "monitor_interval"));
    InetSocketAddress listen =
        ServeConfigReader.listen(fields, m, "listen").orElse(PolicyHostConfig.DEFAULT_LISTEN);
    List<HostedDomain> domains = new ArrayList<>();
    for (YamlTree.Entry e : fields.mapping(m, "domains").entries().values()) {
      hostedDomain(e)
          .ifPresent(
              d -> {
                if (domains.stream().anyMatch(other -> other.domain().equals(d.domain()))) {
                  fields.error(
                      e.keyLine(),
                      "SERVE_CONFIG_VALUE",
                      "policy_host.domains names " + d.domain() + " twice");
                } else {
                  domains.add(d);
                }
              });
    }
    Optional<InetSocketAddress> acmeHttpListen =
        ServeConfigReader.listen(fields, m, "acme_http_listen");
    Duration monitor =
        fields.seconds(
            m,
            "monitor_interval",
            PolicyHostConfig.DEFAULT_MONITOR_INTERVAL,
            0,
            Duration.ofDays(7).toSeconds());
    if (!monitor.isZero() && monitor.toSeconds() < 60) {
      fields.error(
          m,
          "monitor_interval",
          "SERVE_CONFIG_VALUE",
          "policy_host.monitor_interval must be 0 (off) or at least 60 seconds");
    }
    return new PolicyHostConfig(listen, domains, acmeHttpListen, monitor);
  }

  /** One domain under {@code policy_host.domains}; its policy as RFC 8461 §3.2 allows it. */
  private Optional<HostedDomain> hostedDomain(YamlTree.Entry e) {
    String prefix = "policy_host.domains." + e.key() + ".";
    YamlTree.Mapping m = fields.asMapping(e, "policy_host.domains." + e.key());
    fields.keys(
        m,
        prefix,
        Set.of("mode", "mx", "max_age", "certificate", "acme", "tlsrpt_rua", "dns_update"));
    int before = fields.errorCount();
    String name = e.key().strip();
    ParseResult<Domain> domain =
        Domain.parse(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
    if (domain instanceof ParseResult.Err<Domain> bad) {
      fields.error(
          e.keyLine(),
          "SERVE_CONFIG_VALUE",
          "policy_host.domains: '"
              + e.key()
              + "' is not a domain name: "
              + bad.errors().getFirst().message());
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
              fields.error(
                  item.line(),
                  "SERVE_CONFIG_VALUE",
                  prefix
                      + "mx: '"
                      + text
                      + "' is not an MX host or *.pattern: "
                      + bad.errors().getFirst().message());
        }
      }
    } else if (mxEntry != null && !(mxEntry.value() instanceof YamlTree.Scalar s && s.isNull())) {
      fields.error(
          m, "mx", "SERVE_CONFIG_TYPE", prefix + "mx must be a list, e.g. [mx1.example.org]");
    }
    if (mx.isEmpty() && mode != Mode.NONE && fields.errorCount() == before) {
      fields.error(
          m,
          "mx",
          "SERVE_CONFIG_MISSING",
          prefix + "mx must name at least one MX host pattern (RFC 8461 §3.2) in mode " + modeText);
    }
    long maxAge =
        fields.number(m, "max_age", HostedDomain.defaultMaxAge(mode), 0, Policy.MAX_MAX_AGE);
    Optional<CertificateSource> certificate = certificateSource(m, prefix);
    RecordPublishing publishing =
        new RecordPublishingConfigReader(fields).read(m, prefix, domain.ok().map(Domain::ascii));
    if (fields.errorCount() > before || certificate.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HostedDomain(
            domain.orThrow().ascii(),
            new Policy(mode, mx, maxAge, List.of()),
            certificate.get(),
            publishing));
  }

  /** Exactly one of {@code certificate: {cert, key}} and {@code acme: {directory, ...}}. */
  private Optional<CertificateSource> certificateSource(YamlTree.Mapping m, String prefix) {
    boolean pem = m.entries().containsKey("certificate");
    boolean acme = m.entries().containsKey("acme");
    if (pem == acme) {
      fields.error(
          m.line(),
          "SERVE_CONFIG_MISSING",
          prefix
              + (pem ? "certificate and acme exclude each other" : "certificate or acme is missing")
              + ": give certificate: {cert: FULLCHAIN.pem, key: PRIVKEY.pem}"
              + " or acme: {directory: https://..., email: ...}");
      return Optional.empty();
    }
    if (pem) {
      Optional<CertificateSource> files =
          new HttpConfigReader(fields).certificate(m, prefix).map(CertificateSource.class::cast);
      if (files.isEmpty()) {
        fields.error(
            m,
            "certificate",
            "SERVE_CONFIG_MISSING",
            prefix + "certificate needs {cert: FULLCHAIN.pem, key: PRIVKEY.pem}");
      }
      return files;
    }
    YamlTree.Mapping a = fields.mapping(m, "acme");
    fields.keys(a, prefix + "acme.", Set.of("directory", "email", "ca_file"));
    Optional<URI> directory =
        fields.string(a, "directory").flatMap(t -> ServeConfigReader.url(t, Set.of("https")));
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
        new CertificateSource.Acme(directory.get(), email, fields.path(a, "ca_file")));
  }

  /** The policy listener needs an address of its own: it serves nothing but policies. */
  void sharedListen(
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
}
