/**
 * SMTP TLS Reporting (RFC 8460): the {@code _smtp._tls} TXT record and the aggregate report.
 *
 * <p>A Policy Domain publishes a {@link dev.mtasts.core.tlsrpt.TlsRptRecord} naming where sending
 * MTAs deliver daily reports ({@code mailto:} or {@code https:} URIs). Senders then send a JSON
 * {@link dev.mtasts.core.tlsrpt.Report} per day: per applied policy (MTA-STS, DANE TLSA, or none
 * found), the count of successful TLS sessions and the failed ones by {@link
 * dev.mtasts.core.tlsrpt.ResultType}. Reports arrive as JSON, gzip, zip or a whole {@code
 * multipart/report} email.
 *
 * <p>{@link dev.mtasts.core.tlsrpt.ReportReader} is liberal: it accepts the deviations real senders
 * produce (dates without a zone, missing optional fields, erratum key names), each with a warning,
 * and refuses hostile input within {@link dev.mtasts.core.tlsrpt.ReportReader.Limits} (20 MiB
 * decompressed by default). {@link dev.mtasts.core.tlsrpt.ReportWriter} is strict: canonical RFC
 * 8460 §4.4 JSON.
 */
package dev.mtasts.core.tlsrpt;
