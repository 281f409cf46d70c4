package dev.mtasts.app.sending.report;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * A report as an email (RFC 8460 §5.3): {@code multipart/report; report-type="tlsrpt"} with a
 * human-readable part and the {@code application/tlsrpt+gzip} report named per §5.1; the {@code
 * TLS-Report-Domain} and {@code TLS-Report-Submitter} fields, the §5.3 Subject, and {@code
 * TLS-Required: No} (RFC 8689 §4.1), so that the report travels even where TLS fails, which is what
 * it reports (§5.3: "Sending MTAs MUST NOT honor MTA-STS or DANE TLSA failures"). Lines end in
 * CRLF. Unsigned: {@link dev.mtasts.core.dkim.DkimSigner} signs it when we sign.
 */
public final class ReportMail {

  private static final int BASE64_LINE = 76;
  // RFC 5322 §3.3 date-time, the zone as a numeric offset
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM uuuu HH:mm:ss xx", Locale.ROOT);

  private ReportMail() {}

  /**
   * The message for one recipient.
   *
   * @param from our From address (its domain should be the DKIM signing domain, RFC 8460 §3)
   * @param to the {@code mailto:} rua address
   * @param date when it is written
   */
  public static byte[] of(DailyReport report, String from, String to, ZonedDateTime date) {
    String boundary = "tlsrpt-" + UUID.randomUUID();
    String id = report.report().reportId();
    StringBuilder m = new StringBuilder();
    header(m, "From", from);
    header(m, "To", to);
    header(m, "Date", DATE.format(date));
    header(m, "Message-ID", "<" + UUID.randomUUID() + "@" + report.submitter() + ">");
    // RFC 8460 §5.3: tlsrpt-subject, folded as its example is
    m.append("Subject: Report Domain: ")
        .append(report.policyDomain())
        .append("\r\n Submitter: ")
        .append(report.submitter())
        .append("\r\n Report-ID: <")
        .append(id)
        .append(">\r\n");
    header(m, "TLS-Report-Domain", report.policyDomain());
    header(m, "TLS-Report-Submitter", report.submitter());
    header(m, "TLS-Required", "No");
    header(m, "MIME-Version", "1.0");
    m.append("Content-Type: multipart/report; report-type=\"tlsrpt\";\r\n boundary=\"")
        .append(boundary)
        .append("\"\r\n\r\n");
    m.append("This is a multipart message in MIME format.\r\n\r\n");
    m.append("--").append(boundary).append("\r\n");
    header(m, "Content-Type", "text/plain; charset=\"us-ascii\"");
    header(m, "Content-Transfer-Encoding", "7bit");
    m.append("\r\n")
        .append("This is an aggregate TLS report (RFC 8460) from ")
        .append(report.submitter())
        .append(" for ")
        .append(report.policyDomain())
        .append(", ")
        .append(report.day())
        .append(" (UTC): ")
        .append(report.report().totalSuccessful())
        .append(" successful and ")
        .append(report.report().totalFailed())
        .append(" failed sessions.\r\n\r\n");
    m.append("--").append(boundary).append("\r\n");
    header(m, "Content-Type", "application/tlsrpt+gzip");
    header(m, "Content-Transfer-Encoding", "base64");
    m.append("Content-Disposition: attachment;\r\n filename=\"")
        .append(report.fileName())
        .append("\"\r\n\r\n");
    String data = Base64.getEncoder().encodeToString(report.gzip());
    for (int i = 0; i < data.length(); i += BASE64_LINE) {
      m.append(data, i, Math.min(data.length(), i + BASE64_LINE)).append("\r\n");
    }
    m.append("--").append(boundary).append("--\r\n");
    return m.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void header(StringBuilder m, String name, String value) {
    m.append(name).append(": ").append(value).append("\r\n");
  }
}
