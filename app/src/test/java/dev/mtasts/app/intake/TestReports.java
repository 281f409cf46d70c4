package dev.mtasts.app.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Reports for tests: generated RFC 8460 JSON, and the real corpus copied into test resources. */
public final class TestReports {

  /**
   * The real reports (core's test resource corpus/tlsrpt, see its SOURCES.tsv), not counting README
   * or SOURCES.
   */
  public static final List<String> CORPUS =
      List.of(
          "mox-google.eml",
          "mox-microsoft.eml",
          "parsedmarc-google.eml",
          "parsedmarc-mailru.json",
          "parsedmarc-rfc8460.json",
          "parsedmarc-smtp_tls.json",
          "stalwart-rpt02.eml",
          "stalwart-rpt03.json",
          "tlsrptrs-google1.eml",
          "tlsrptrs-google2.eml",
          "tlsrptrs-mailru.eml",
          "tlsrptrs-microsoft1.eml",
          "tlsrptrs-not-a-report.eml",
          "viewer-google.json",
          "viewer-microsoft.json",
          "viewer-no-contact.json",
          "viewer-no-ip-and-mx.json",
          "viewer-no-policy.json");

  private TestReports() {}

  public static byte[] corpus(String name) {
    try (InputStream in = TestReports.class.getResourceAsStream("/corpus/tlsrpt/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One report: {@code domain} with an sts policy, {@code successful} sessions and one failure
   * detail per entry of {@code failures} (result type to count) on mx1.DOMAIN; the summary's
   * failure count is their sum.
   */
  public static String json(
      String org,
      String reportId,
      String day,
      String domain,
      long successful,
      Map<String, Long> failures) {
    long failed = failures.values().stream().mapToLong(Long::longValue).sum();
    List<String> details = new ArrayList<>();
    failures.forEach(
        (type, n) ->
            details.add(
                "{\"result-type\":\""
                    + type
                    + "\",\"sending-mta-ip\":\"192.0.2.1\",\"receiving-mx-hostname\":\"mx1."
                    + domain
                    + "\",\"failed-session-count\":"
                    + n
                    + "}"));
    return "{\"organization-name\":\""
        + org
        + "\",\"date-range\":{\"start-datetime\":\""
        + day
        + "T00:00:00Z\",\"end-datetime\":\""
        + day
        + "T23:59:59Z\"},\"contact-info\":\"tlsrpt@"
        + org.toLowerCase(java.util.Locale.ROOT).replace(' ', '-')
        + ".example\",\"report-id\":\""
        + reportId
        + "\",\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-string\":"
        + "[\"version: STSv1\",\"mode: testing\",\"mx: mx1."
        + domain
        + "\",\"max_age: 86400\"],\"policy-domain\":\""
        + domain
        + "\",\"mx-host\":[\"mx1."
        + domain
        + "\"]},\"summary\":{\"total-successful-session-count\":"
        + successful
        + ",\"total-failure-session-count\":"
        + failed
        + "},\"failure-details\":["
        + String.join(",", details)
        + "]}]}";
  }

  public static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A report email (RFC 8460 §5.3) from {@code from} carrying {@code json} gzipped, lines ending in
   * CRLF as mail travels.
   */
  public static byte[] mail(String from, String reportDomain, String json) {
    String gz = java.util.Base64.getMimeEncoder().encodeToString(gzip(json));
    String text =
        "From: "
            + from
            + "\r\nTo: tlsrpt@"
            + reportDomain
            + "\r\nSubject: Report Domain: "
            + reportDomain
            + " Submitter: sender.example Report-ID: <r1@sender.example>"
            + "\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000"
            + "\r\nMessage-ID: <r1@sender.example>"
            + "\r\nMIME-Version: 1.0"
            + "\r\nTLS-Report-Domain: "
            + reportDomain
            + "\r\nTLS-Report-Submitter: sender.example"
            + "\r\nContent-Type: multipart/report; report-type=\"tlsrpt\"; boundary=\"b\""
            + "\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nA TLS report.\r\n"
            + "--b\r\nContent-Type: application/tlsrpt+gzip\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + gz
            + "\r\n--b--\r\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
