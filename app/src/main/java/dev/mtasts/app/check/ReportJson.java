package dev.mtasts.app.check;

import dev.mtasts.core.check.AddressReport;
import dev.mtasts.core.check.CertificateFacts;
import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.check.Finding;
import dev.mtasts.core.check.MxReport;
import dev.mtasts.core.fetch.PolicyFetcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of a {@link DomainReport} (docs/cli.md, {@code check}). */
public final class ReportJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ReportJson() {}

  /** One JSON Lines line. */
  public static String line(Map<String, Object> object) {
    return JSON.writeValueAsString(object);
  }

  /** The report on {@code input}, the argument or input line exactly as given. */
  public static Map<String, Object> of(String input, DomainReport report) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("domain", report.domain());
    json.put("input", input);
    json.put("status", report.status().token());
    json.put("stsRecordId", report.stsRecordId().orElse(null));
    json.put("policy", policy(report));
    json.put("mx", report.mx().stream().map(ReportJson::mx).toList());
    json.put("findings", report.findings().stream().map(ReportJson::finding).toList());
    json.put("checkedAt", report.checkedAt().toString());
    return json;
  }

  /** A name that was not checked: not a domain, or the check itself failed. */
  static Map<String, Object> unchecked(String input, String code, String message) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("domain", input);
    json.put("input", input);
    json.put("status", "invalid");
    json.put("error", Map.of("code", code, "message", message));
    json.put("findings", List.of());
    return json;
  }

  private static Map<String, Object> policy(DomainReport report) {
    if (report.policy().isEmpty() && report.policyCertificate().isEmpty()) {
      return null;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("host", PolicyFetcher.policyHost(report.domain()));
    report
        .policy()
        .ifPresent(
            p -> {
              json.put("mode", p.mode().token());
              json.put("mx", p.mx());
              json.put("maxAge", p.maxAge());
            });
    report.policyCertificate().ifPresent(c -> json.put("certificate", certificate(c)));
    return json;
  }

  private static Map<String, Object> mx(MxReport mx) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("host", mx.host());
    json.put("preference", mx.preference());
    mx.representative()
        .ifPresent(
            a -> {
              json.put("starttls", a.starttls());
              json.put("tlsVersion", a.tlsVersion().orElse(null));
              json.put("certificate", a.certificate().map(ReportJson::certificate).orElse(null));
            });
    json.put("addresses", mx.addresses().stream().map(ReportJson::address).toList());
    json.put("tlsa", mx.tlsa());
    return json;
  }

  private static Map<String, Object> address(AddressReport address) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("address", address.address());
    json.put("connected", address.connected());
    json.put("starttls", address.starttls());
    json.put("tlsVersion", address.tlsVersion().orElse(null));
    json.put("cipherSuite", address.cipherSuite().orElse(null));
    json.put("certificate", address.certificate().map(ReportJson::certificate).orElse(null));
    address.tlsaMatch().ifPresent(m -> json.put("tlsaMatch", m));
    address.problem().ifPresent(p -> json.put("problem", p));
    return json;
  }

  static Map<String, Object> certificate(CertificateFacts cert) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("subject", cert.subject());
    json.put("issuer", cert.issuer());
    json.put("dnsNames", cert.dnsNames());
    json.put("notAfter", cert.notAfter().toString());
    json.put("daysLeft", cert.daysLeft());
    json.put("validity", cert.validity().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    json.put("chainTrusted", cert.chainTrusted());
    json.put("nameMatches", cert.nameMatches());
    return json;
  }

  static Map<String, Object> finding(Finding finding) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("code", finding.code().name());
    json.put("severity", finding.severity().token());
    json.put("subject", finding.subject());
    json.put("message", finding.message());
    finding.tlsrptResultType().ifPresent(t -> json.put("tlsrptResultType", t));
    return json;
  }
}
