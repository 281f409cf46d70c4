package dev.mtasts.core.check;

import static dev.mtasts.core.check.Severity.ERROR;
import static dev.mtasts.core.check.Severity.INFO;
import static dev.mtasts.core.check.Severity.WARNING;

import java.util.Optional;

/**
 * The stable finding codes of {@code check} (docs/check-findings.md). Each carries its default
 * severity, the RFC 8460 §4.3 result type a sender would report for it (if any), why it matters and
 * how to fix it, so every message tells the user what to do.
 */
public enum FindingCode {
  STS_RECORD_MISSING(
      INFO,
      null,
      "MTA-STS is not deployed: senders deliver without requiring TLS (RFC 8461 §3.1).",
      "Publish a TXT record at _mta-sts.<domain>, e.g. \"v=STSv1; id=20260101T000000;\", once"
          + " the policy is served over HTTPS."),
  STS_RECORD_MULTIPLE(
      ERROR,
      "sts-policy-invalid",
      "With more than one v=STSv1 record, senders must assume there is no policy (RFC 8461 §3.1).",
      "Keep exactly one TXT record starting with v=STSv1 at _mta-sts.<domain>; delete the others."),
  STS_RECORD_INVALID(
      ERROR,
      "sts-policy-invalid",
      "Senders ignore a record that breaks the RFC 8461 §3.1 grammar, so no policy applies.",
      "Publish exactly \"v=STSv1; id=<1-32 letters or digits>;\" (version first, no other"
          + " characters in the id)."),
  STS_RECORD_DNS_ERROR(
      ERROR,
      "sts-policy-fetch-error",
      "Senders cannot learn whether a policy exists; new senders will deliver without MTA-STS.",
      "Make the authoritative servers answer for _mta-sts.<domain> (check SERVFAIL, lame"
          + " delegation, DNSSEC signatures)."),
  POLICY_HOST_UNRESOLVABLE(
      ERROR,
      "sts-policy-fetch-error",
      "Senders cannot fetch the policy without an address for mta-sts.<domain> (RFC 8461 §3.3).",
      "Add an A and/or AAAA record (or a CNAME) for mta-sts.<domain> pointing at the policy web"
          + " server."),
  POLICY_HOST_UNREACHABLE(
      ERROR,
      "sts-policy-fetch-error",
      "Senders cannot fetch the policy, so they cannot apply it (RFC 8461 §3.3).",
      "Make the policy host accept HTTPS connections on port 443 from the internet (firewall,"
          + " listener, address)."),
  POLICY_TLS_ERROR(
      ERROR,
      "sts-webpki-invalid",
      "Senders fetch the policy only over HTTPS with TLS 1.2 or later (RFC 8461 §3.3).",
      "Serve mta-sts.<domain> with TLS 1.2+ and a certificate from a public CA; check the server's"
          + " TLS configuration."),
  POLICY_CERT_EXPIRED(
      ERROR,
      "sts-webpki-invalid",
      "Senders reject a policy host whose certificate is expired or not yet valid (RFC 8461 §3.3).",
      "Renew the certificate of mta-sts.<domain> (automate it, e.g. with ACME) and reload the web"
          + " server."),
  POLICY_CERT_UNTRUSTED(
      ERROR,
      "sts-webpki-invalid",
      "Senders require a certificate chain to a public root CA for the policy host (RFC 8461 §3.3).",
      "Install a certificate from a public CA and serve the full chain (leaf plus intermediates);"
          + " self-signed certificates are refused."),
  POLICY_CERT_NAME_MISMATCH(
      ERROR,
      "sts-webpki-invalid",
      "Senders require the certificate to name mta-sts.<domain> (RFC 8461 §3.3, RFC 6125).",
      "Issue a certificate whose subjectAltName covers mta-sts.<domain> and serve it for that name"
          + " (SNI)."),
  POLICY_HTTP_STATUS(
      ERROR,
      "sts-policy-fetch-error",
      "Senders accept only HTTP 200 for the policy (RFC 8461 §3.3).",
      "Serve the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt with status 200."),
  POLICY_REDIRECT(
      ERROR,
      "sts-policy-fetch-error",
      "Senders must not follow redirects when fetching the policy (RFC 8461 §3.3).",
      "Serve the file directly at https://mta-sts.<domain>/.well-known/mta-sts.txt; remove the"
          + " redirect (e.g. an HTTP-to-HTTPS or www rule that also catches this path)."),
  POLICY_CONTENT_TYPE(
      ERROR,
      "sts-policy-invalid",
      "Strict senders reject a policy not served as text/plain (RFC 8461 §3.2).",
      "Configure the web server to send \"Content-Type: text/plain\" for /.well-known/mta-sts.txt."),
  POLICY_TOO_LARGE(
      ERROR,
      "sts-policy-invalid",
      "Senders stop reading a policy after 64 KiB (RFC 8461 §3.3).",
      "Serve only the policy text: version, mode, mx and max_age lines."),
  POLICY_SYNTAX(
      ERROR,
      "sts-policy-invalid",
      "Senders discard a policy that breaks the RFC 8461 §3.2 grammar.",
      "Fix the line named above; a valid policy is \"version: STSv1\", \"mode: enforce\", one"
          + " \"mx:\" line per MX pattern and \"max_age: 604800\", one per line."),
  POLICY_HTTP_MALFORMED(
      ERROR,
      "sts-policy-fetch-error",
      "Senders read the policy with a strict HTTP/1.1 client and discard a malformed response"
          + " (RFC 8461 §3.3, RFC 9112).",
      "Serve the file with a standard web server (nginx, Apache, a CDN) rather than a custom"
          + " responder; check what sits in front of it (proxies, load balancers)."),
  POLICY_MODE_TESTING(
      INFO,
      null,
      "In testing mode senders deliver even when TLS fails and only report failures (RFC 8461 §5).",
      "Read the TLS reports; when they show no failures, switch to \"mode: enforce\" and change the"
          + " record's id."),
  POLICY_MODE_NONE(
      WARNING,
      null,
      "Mode none withdraws MTA-STS: senders stop applying the policy (RFC 8461 §8.3).",
      "If this is not a planned removal, publish \"mode: testing\" or \"mode: enforce\" and change"
          + " the record's id."),
  POLICY_MAX_AGE_SHORT(
      WARNING,
      null,
      "A short max_age lets a man-in-the-middle wait for the cached policy to expire; the RFC"
          + " suggests weeks (RFC 8461 §3.2).",
      "Use max_age of at least 604800 (one week) once the policy is stable; 86400 at the least."),
  POLICY_MX_MISMATCH(
      ERROR,
      "validation-failure",
      "Senders that enforce the policy refuse to deliver to an MX host no pattern covers"
          + " (RFC 8461 §4.1).",
      "Add an \"mx:\" line covering this host (a wildcard covers one label only), publish the"
          + " policy and change the record's id."),
  POLICY_MX_UNUSED(
      WARNING,
      null,
      "A pattern that matches no MX host widens what a man-in-the-middle may present.",
      "Remove the \"mx:\" line if the host is retired, then change the record's id."),
  MX_MISSING(
      ERROR,
      null,
      "Without MX records senders fall back to the domain's address records (RFC 5321 §5.1), which"
          + " an MTA-STS policy cannot cover well.",
      "Publish MX records for the domain, or a null MX (\"0 .\", RFC 7505) if it receives no mail."),
  MX_NULL(
      INFO,
      null,
      "A null MX (RFC 7505) says the domain accepts no mail, so there is nothing for MTA-STS to"
          + " protect.",
      "Publish no MTA-STS policy for a domain without mail, or one with \"mode: none\" while"
          + " withdrawing it."),
  MX_DNS_ERROR(
      ERROR,
      null,
      "Senders cannot learn where to deliver, so they defer the mail and retry.",
      "Make the authoritative servers answer MX questions for the domain (check SERVFAIL, lame"
          + " delegation, DNSSEC signatures)."),
  MX_HOST_UNRESOLVABLE(
      ERROR,
      null,
      "Senders cannot connect to an MX host without an address (RFC 5321 §5.1).",
      "Publish A and/or AAAA records for the MX host, or remove the MX record that names it."),
  MX_UNREACHABLE(
      ERROR,
      null,
      "Senders cannot connect to port 25 of this MX address.",
      "Check the mail server listens on port 25 of this address and the firewall lets it through;"
          + " remove DNS records for addresses that are gone."),
  MX_SMTP_ERROR(
      ERROR,
      null,
      "The SMTP conversation failed before TLS could start, so senders cannot deliver here.",
      "Check the mail server's logs and its greeting, EHLO and connection limits for this"
          + " address."),
  MX_STARTTLS_MISSING(
      ERROR,
      "starttls-not-supported",
      "Senders that apply MTA-STS refuse to deliver without STARTTLS (RFC 8461 §4.2).",
      "Enable STARTTLS on the mail server (Postfix: smtpd_tls_security_level = may, with"
          + " smtpd_tls_chain_files)."),
  MX_TLS_VERSION_OLD(
      ERROR,
      "validation-failure",
      "MTA-STS requires TLS 1.2 or later (RFC 8461 §4.2); this host offers only TLS 1.0/1.1.",
      "Enable TLS 1.2 and 1.3 on the mail server (Postfix: smtpd_tls_protocols = >=TLSv1.2) and"
          + " update its TLS library if needed."),
  MX_TLS_ERROR(
      ERROR,
      "validation-failure",
      "Senders cannot establish TLS with this MX host, so enforcing senders defer the mail.",
      "Check the mail server's TLS configuration (certificate and key files, ciphers, protocols)"
          + " and its logs."),
  MX_CERT_EXPIRED(
      ERROR,
      "certificate-expired",
      "Senders that apply MTA-STS refuse an expired or not-yet-valid certificate (RFC 8461 §4.2).",
      "Renew the MX certificate (automate it, e.g. with ACME) and reload the mail server."),
  MX_CERT_EXPIRING_SOON(
      WARNING,
      null,
      "When it expires, senders that apply MTA-STS will refuse to deliver.",
      "Renew the certificate now and make sure renewal is automated and reloads the server."),
  MX_CERT_UNTRUSTED(
      ERROR,
      "certificate-not-trusted",
      "Senders that apply MTA-STS require a chain to a public root CA (RFC 8461 §4.2).",
      "Use a certificate from a public CA and configure the full chain (leaf plus intermediates) in"
          + " the mail server."),
  MX_CERT_NAME_MISMATCH(
      ERROR,
      "certificate-host-mismatch",
      "Senders that apply MTA-STS require the certificate to name the MX host (RFC 8461 §4.2).",
      "Issue a certificate whose subjectAltName covers the MX host name exactly as in the MX"
          + " record."),
  TLSRPT_RECORD_MISSING(
      WARNING,
      null,
      "Without a TLS-RPT record no sender tells you about TLS failures (RFC 8460 §3).",
      "Publish a TXT record at _smtp._tls.<domain>, e.g. \"v=TLSRPTv1;"
          + " rua=mailto:tlsrpt@<domain>\"."),
  TLSRPT_RECORD_MULTIPLE(
      ERROR,
      null,
      "With more than one v=TLSRPTv1 record, senders must not send reports (RFC 8460 §3).",
      "Keep exactly one TXT record starting with v=TLSRPTv1 at _smtp._tls.<domain>."),
  TLSRPT_RECORD_INVALID(
      ERROR,
      null,
      "Senders ignore a TLS-RPT record that breaks the RFC 8460 §3 grammar.",
      "Publish \"v=TLSRPTv1; rua=mailto:tlsrpt@<domain>\" (version first, URIs separated by"
          + " commas)."),
  TLSRPT_RUA_UNSUPPORTED(
      ERROR,
      null,
      "Reports are only sent to mailto: or https: URIs (RFC 8460 §3).",
      "Use rua=mailto:address or rua=https://host/path."),
  DANE_TLSA_PRESENT(
      INFO,
      null,
      "DANE-capable senders use the TLSA records instead of MTA-STS for this host (RFC 8461 §2).",
      "Keep the TLSA records in step with certificate renewals."),
  DANE_TLSA_MISMATCH(
      ERROR,
      "tlsa-invalid",
      "DANE senders refuse to deliver when no TLSA record matches the presented chain"
          + " (RFC 7672 §3).",
      "Publish TLSA records for the current certificate or key (e.g. 3 1 1 <sha256 of the public"
          + " key>) before rolling a new one."),
  DNSSEC_BOGUS(
      ERROR,
      "dnssec-invalid",
      "Validating resolvers treat bogus answers as failures: senders see no records at all.",
      "Fix the zone's DNSSEC signatures or DS records (re-sign, or correct the DS at the parent)."),
  DNSSEC_UNSIGNED(
      INFO,
      null,
      "The zone is not signed: DANE is not possible, and MTA-STS relies on the policy's HTTPS"
          + " alone.",
      "Consider signing the zone with DNSSEC."),
  CHECK_DEADLINE(
      ERROR,
      null,
      "The check ran out of time, so what this step would have found is unknown; servers this"
          + " slow also delay or time out real senders.",
      "Look at the step named above (DNS servers, the policy web server, the MX hosts); if they"
          + " are merely slow, run the check again with a longer --deadline."),
  SPF_MISSING(
      INFO,
      null,
      "SPF is recommended alongside MTA-STS to authenticate senders of the domain.",
      "Publish a TXT record \"v=spf1 mx -all\" (adjusted to the hosts that send the domain's"
          + " mail)."),
  DMARC_MISSING(
      INFO,
      null,
      "DMARC is recommended alongside MTA-STS to protect the domain from spoofing.",
      "Publish a TXT record at _dmarc.<domain>, e.g. \"v=DMARC1; p=none;"
          + " rua=mailto:dmarc@<domain>\", then tighten p= over time.");

  private final Severity defaultSeverity;
  private final String tlsrptResultType;
  private final String why;
  private final String fix;

  FindingCode(Severity defaultSeverity, String tlsrptResultType, String why, String fix) {
    this.defaultSeverity = defaultSeverity;
    this.tlsrptResultType = tlsrptResultType;
    this.why = why;
    this.fix = fix;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  /** The RFC 8460 §4.3 result type a sender would report, where one applies. */
  public Optional<String> tlsrptResultType() {
    return Optional.ofNullable(tlsrptResultType);
  }

  /** Why this matters to senders. */
  public String why() {
    return why;
  }

  /** How to fix it. */
  public String fix() {
    return fix;
  }

  /** The full message: the specific detail, why it matters, and the fix. */
  public String message(String detail) {
    return detail + " " + why + " Fix: " + fix;
  }
}
