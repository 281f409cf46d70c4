package dev.mtasts.app.lab;

import dev.mtasts.app.lab.ca.CertificateKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The knobs that make one scenario domain: what its DNS publishes, how its policy host answers, and
 * how its MX hosts behave. {@link #standard} is a healthy domain; each scenario changes one knob.
 *
 * @param stsRecords the TXT records at {@code _mta-sts.<domain>} (RFC 8461 §3.1); empty for none
 * @param stsViaCname whether {@code _mta-sts.<domain>} is a CNAME to the name holding them
 * @param policyHost whether {@code mta-sts.<domain>} has an address (and an HTTPS server)
 * @param serving how the policy host answers the policy URL (RFC 8461 §3.3)
 * @param policyCertificate the policy host's certificate
 * @param mode the policy's {@code mode} value, written as is (RFC 8461 §3.2)
 * @param maxAge the policy's {@code max_age} in seconds
 * @param mxPatterns the policy's {@code mx} patterns
 * @param mx the domain's MX hosts
 * @param tlsrptRecord the TXT record at {@code _smtp._tls.<domain>} (RFC 8460 §3), if any
 * @param apexTxt TXT records at the domain besides SPF (site verification tokens and the like)
 */
public record Setup(
    List<String> stsRecords,
    boolean stsViaCname,
    boolean policyHost,
    PolicyServing serving,
    CertificateKind policyCertificate,
    String mode,
    long maxAge,
    List<String> mxPatterns,
    List<MxHost> mx,
    Optional<String> tlsrptRecord,
    List<String> apexTxt) {

  /** The policy id every lab record carries (RFC 8461 §3.1: 1 to 32 alphanumerics). */
  public static final String POLICY_ID = "20250101T000000";

  /** One week: the max_age of every policy unless a scenario says otherwise. */
  public static final long ONE_WEEK = 604_800;

  public Setup {
    stsRecords = List.copyOf(stsRecords);
    Objects.requireNonNull(serving, "serving");
    Objects.requireNonNull(policyCertificate, "policyCertificate");
    Objects.requireNonNull(mode, "mode");
    mxPatterns = List.copyOf(mxPatterns);
    mx = List.copyOf(mx);
    Objects.requireNonNull(tlsrptRecord, "tlsrptRecord");
    apexTxt = List.copyOf(apexTxt);
  }

  /**
   * A healthy domain: a valid STS record, an enforce policy for one week naming its one MX {@code
   * mx1.<domain>}, valid certificates everywhere, and a TLS-RPT record.
   */
  public static Setup standard(String domain) {
    String mx = "mx1." + domain;
    return new Setup(
        List.of("v=STSv1; id=" + POLICY_ID + ";"),
        false,
        true,
        PolicyServing.POLICY,
        CertificateKind.VALID,
        "enforce",
        ONE_WEEK,
        List.of(mx),
        List.of(MxHost.valid(mx, 10)),
        Optional.of("v=TLSRPTv1; rua=mailto:tlsrpt@" + domain),
        List.of());
  }

  public Setup withStsRecords(String... records) {
    return new Setup(
        List.of(records),
        stsViaCname,
        policyHost,
        serving,
        policyCertificate,
        mode,
        maxAge,
        mxPatterns,
        mx,
        tlsrptRecord,
        apexTxt);
  }

  public Setup withStsViaCname() {
    return new Setup(
        stsRecords,
        true,
        policyHost,
        serving,
        policyCertificate,
        mode,
        maxAge,
        mxPatterns,
        mx,
        tlsrptRecord,
        apexTxt);
  }

  public Setup withoutPolicyHost() {
    return new Setup(
        stsRecords,
        stsViaCname,
        false,
        serving,
        policyCertificate,
        mode,
        maxAge,
        mxPatterns,
        mx,
        tlsrptRecord,
        apexTxt);
  }

  public Setup withServing(PolicyServing value) {
    return new Setup(
        stsRecords,
        stsViaCname,
        policyHost,
        value,
        policyCertificate,
        mode,
        maxAge,
        mxPatterns,
        mx,
        tlsrptRecord,
        apexTxt);
  }

  public Setup withPolicyCertificate(CertificateKind value) {
    return new Setup(
        stsRecords,
        stsViaCname,
        policyHost,
        serving,
        value,
        mode,
        maxAge,
        mxPatterns,
        mx,
        tlsrptRecord,
        apexTxt);
  }

  public Setup withMode(String value) {
    return new Setup(
        stsRecords,
        stsViaCname,
        policyHost,
        serving,
        policyCertificate,
        value,
        maxAge,
        mxPatterns,
        mx,
        tlsrptRecord,
        apexTxt);
  }

  public Setup withMaxAge(long value) {
    return new Setup(
        stsRecords,
        stsViaCname,
        policyHost,
        serving,
        policyCertificate,
        mode,
        value,
        mxPatterns,
        mx,
        tlsrptRecord,
        apexTxt);
  }

  public Setup withMxPatterns(String... patterns) {
    return new Setup(
        stsRecords,
        stsViaCname,
        policyHost,
        serving,
        policyCertificate,
        mode,
        maxAge,
        List.of(patterns),
        mx,
        tlsrptRecord,
        apexTxt);
  }

  public Setup withMx(MxHost... hosts) {
    return new Setup(
        stsRecords,
        stsViaCname,
        policyHost,
        serving,
        policyCertificate,
        mode,
        maxAge,
        mxPatterns,
        List.of(hosts),
        tlsrptRecord,
        apexTxt);
  }

  public Setup withTlsrptRecord(Optional<String> value) {
    return new Setup(
        stsRecords,
        stsViaCname,
        policyHost,
        serving,
        policyCertificate,
        mode,
        maxAge,
        mxPatterns,
        mx,
        value,
        apexTxt);
  }

  public Setup withApexTxt(String... records) {
    return new Setup(
        stsRecords,
        stsViaCname,
        policyHost,
        serving,
        policyCertificate,
        mode,
        maxAge,
        mxPatterns,
        mx,
        tlsrptRecord,
        List.of(records));
  }

  /** The policy file text (RFC 8461 §3.2), CRLF line endings as the RFC's grammar shows. */
  public String policyText() {
    StringBuilder text = new StringBuilder("version: STSv1\r\nmode: ").append(mode).append("\r\n");
    for (String pattern : mxPatterns) {
      text.append("mx: ").append(pattern).append("\r\n");
    }
    return text.append("max_age: ").append(maxAge).append("\r\n").toString();
  }
}
