package dev.mtasts.app.lab;

import dev.mtasts.app.lab.ca.CertificateKind;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The lab's world, as data: one {@link Scenario} per domain, in the order of the table in
 * docs/lab.md (the first rows the defects, then a few extra realistic setups). Each scenario starts
 * from {@link Setup#standard} and turns exactly one knob, so it shows exactly one defect.
 */
public final class Scenarios {

  private static final List<Scenario> ALL =
      List.of(
          scenario(
              "good.test",
              "nothing: enforce, every MX valid, TLS-RPT present",
              null,
              s ->
                  s.withMx(MxHost.valid("mx1.good.test", 10), MxHost.valid("mx2.good.test", 20))
                      .withMxPatterns("mx1.good.test", "mx2.good.test")
                      // Real domains collect verification tokens: the apex TXT answer is larger
                      // than 512 bytes, so a UDP query without EDNS gets TC and must retry on TCP.
                      .withApexTxt(
                          "google-site-verification=Qx7f1Jk2mZ9aLwR4tYcV8bN3hD6sE0uPoGiKjHlMnBv",
                          "MS=ms48213907",
                          "apple-domain-verification=Zk3LmQ8wTy1RbNc5",
                          "facebook-domain-verification=2g8v0x1k7q3w9r5t6y4u0i2o8p1a3s",
                          "atlassian-domain-verification=Hx2KpLq9Wm4Rt7Yb1Nc6Vz3Jd8Fg5Sa0Ue",
                          "docusign=8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b",
                          "globalsign-domain-verification=Xy4Zw2Vu8Ts6Rq0Po1Nm3Lk5Jh7Gf",
                          "stripe-verification=5e7c9a1b3d5f7e9c1a3b5d7f9e1c3a5b7d9f1e3c5a7b9d1f")),
          scenario(
              "testing.test", "mode testing", "POLICY_MODE_TESTING", s -> s.withMode("testing")),
          scenario("none.test", "mode none", "POLICY_MODE_NONE", s -> s.withMode("none")),
          scenario(
              "no-sts.test",
              "no _mta-sts record",
              "STS_RECORD_MISSING",
              s -> s.withStsRecords().withoutPolicyHost()),
          scenario(
              "multi-record.test",
              "two v=STSv1 records",
              "STS_RECORD_MULTIPLE",
              s ->
                  s.withStsRecords(
                      "v=STSv1; id=" + Setup.POLICY_ID + ";", "v=STSv1; id=20240101T000000;")),
          scenario(
              "bad-record.test",
              "record v=STSv1; id=bad-id!",
              "STS_RECORD_INVALID",
              s -> s.withStsRecords("v=STSv1; id=bad-id!")),
          scenario(
              "no-policy-host.test",
              "TXT present, no mta-sts host",
              "POLICY_HOST_UNRESOLVABLE",
              Setup::withoutPolicyHost),
          scenario(
              "policy-404.test",
              "policy URL answers 404",
              "POLICY_HTTP_STATUS",
              s -> s.withServing(PolicyServing.NOT_FOUND)),
          scenario(
              "policy-redirect.test",
              "policy URL answers 301",
              "POLICY_REDIRECT",
              s -> s.withServing(PolicyServing.REDIRECT)),
          scenario(
              "policy-html.test",
              "served as text/html",
              "POLICY_CONTENT_TYPE",
              s -> s.withServing(PolicyServing.HTML)),
          scenario(
              "policy-huge.test",
              "body of 70 KiB",
              "POLICY_TOO_LARGE",
              s -> s.withServing(PolicyServing.HUGE)),
          scenario(
              "policy-syntax.test",
              "mode: enforcing",
              "POLICY_SYNTAX",
              s -> s.withMode("enforcing")),
          scenario(
              "policy-cert-expired.test",
              "policy host cert expired",
              "POLICY_CERT_EXPIRED",
              s -> s.withPolicyCertificate(CertificateKind.EXPIRED)),
          scenario(
              "policy-cert-wrongname.test",
              "policy host cert for another name",
              "POLICY_CERT_NAME_MISMATCH",
              s -> s.withPolicyCertificate(CertificateKind.WRONG_NAME)),
          scenario(
              "policy-cert-untrusted.test",
              "policy host cert self-signed",
              "POLICY_CERT_UNTRUSTED",
              s -> s.withPolicyCertificate(CertificateKind.SELF_SIGNED)),
          scenario(
              "short-max-age.test",
              "max_age 3600",
              "POLICY_MAX_AGE_SHORT",
              s -> s.withMaxAge(3600)),
          scenario(
              "mx-mismatch.test",
              "one MX not covered by an enforce policy",
              "POLICY_MX_MISMATCH",
              s ->
                  s.withMx(
                          MxHost.valid("mx1.mx-mismatch.test", 10),
                          MxHost.valid("mx2.mx-mismatch.test", 20))
                      .withMxPatterns("mx1.mx-mismatch.test")),
          scenario(
              "mx-no-starttls.test",
              "MX does not offer STARTTLS",
              "MX_STARTTLS_MISSING",
              s ->
                  s.withMx(
                      mx("mx-no-starttls.test", SmtpBehaviour.NO_STARTTLS, CertificateKind.VALID))),
          scenario(
              "mx-old-tls.test",
              "MX speaks only TLS 1.0/1.1",
              "MX_TLS_VERSION_OLD",
              s ->
                  s.withMx(
                      mx("mx-old-tls.test", SmtpBehaviour.OLD_TLS_ONLY, CertificateKind.VALID))),
          scenario(
              "mx-cert-expired.test",
              "MX cert expired",
              "MX_CERT_EXPIRED",
              s ->
                  s.withMx(
                      mx("mx-cert-expired.test", SmtpBehaviour.STARTTLS, CertificateKind.EXPIRED))),
          scenario(
              "mx-cert-untrusted.test",
              "MX cert self-signed",
              "MX_CERT_UNTRUSTED",
              s ->
                  s.withMx(
                      mx(
                          "mx-cert-untrusted.test",
                          SmtpBehaviour.STARTTLS,
                          CertificateKind.SELF_SIGNED))),
          scenario(
              "mx-cert-wrongname.test",
              "MX cert for another name",
              "MX_CERT_NAME_MISMATCH",
              s ->
                  s.withMx(
                      mx(
                          "mx-cert-wrongname.test",
                          SmtpBehaviour.STARTTLS,
                          CertificateKind.WRONG_NAME))),
          scenario(
              "mx-unreachable.test",
              "MX host has an address where nothing listens",
              "MX_UNREACHABLE",
              s ->
                  s.withMx(
                      mx("mx-unreachable.test", SmtpBehaviour.UNREACHABLE, CertificateKind.VALID))),
          scenario(
              "no-tlsrpt.test",
              "no _smtp._tls record",
              "TLSRPT_RECORD_MISSING",
              s -> s.withTlsrptRecord(Optional.empty())),
          scenario(
              "bad-tlsrpt.test",
              "v=TLSRPTv1; rua=ftp://x.test/",
              "TLSRPT_RUA_UNSUPPORTED",
              s -> s.withTlsrptRecord(Optional.of("v=TLSRPTv1; rua=ftp://x.test/"))),
          // Extra realistic setups, each healthy apart from what its defect says.
          scenario(
              "wildcard.test",
              "nothing: MX mx1.mail.wildcard.test covered by the pattern *.mail.wildcard.test",
              null,
              s ->
                  s.withMx(MxHost.valid("mx1.mail.wildcard.test", 10))
                      .withMxPatterns("*.mail.wildcard.test")),
          scenario(
              "dane.test",
              "nothing: the MX also publishes a valid TLSA 3 1 1 record (RFC 7672)",
              "DANE_TLSA_PRESENT",
              s ->
                  s.withMx(
                      new MxHost(
                          "mx1.dane.test",
                          10,
                          SmtpBehaviour.STARTTLS,
                          CertificateKind.VALID,
                          true))),
          scenario(
              "cname-record.test",
              "nothing: _mta-sts is a CNAME to the name holding the record",
              null,
              Setup::withStsViaCname),
          scenario(
              "blank-line.test",
              "the policy ends with a blank line: check reports it, senders apply the policy",
              "POLICY_SYNTAX",
              s -> s.withServing(PolicyServing.BLANK_LINE_AT_END)));

  private Scenarios() {}

  /** Every scenario, good.test first. */
  public static List<Scenario> all() {
    return ALL;
  }

  /** The scenario for {@code domain}. */
  public static Optional<Scenario> find(String domain) {
    return ALL.stream().filter(s -> s.domain().equals(domain)).findFirst();
  }

  private static Scenario scenario(
      String domain, String defect, String expectedCode, UnaryOperator<Setup> knobs) {
    return new Scenario(
        domain, defect, Optional.ofNullable(expectedCode), knobs.apply(Setup.standard(domain)));
  }

  private static MxHost mx(String domain, SmtpBehaviour smtp, CertificateKind certificate) {
    return new MxHost("mx1." + domain, 10, smtp, certificate, false);
  }
}
