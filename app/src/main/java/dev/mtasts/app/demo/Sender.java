package dev.mtasts.app.demo;

import java.util.List;

/**
 * One organisation that sends mail to the lab's domains and reports on it (RFC 8460 §4.4), as real
 * reporters write their reports.
 *
 * @param organization {@code organization-name}
 * @param contact {@code contact-info}
 * @param dailySessions typical sessions a day to one domain
 * @param reportsDaily false for a sender that reports only on some days
 * @param sendingIps its outbound addresses (RFC 5737 documentation ranges: data, never dialled)
 * @param reportIdStyle how it forms {@code report-id}
 */
record Sender(
    String organization,
    String contact,
    int dailySessions,
    boolean reportsDaily,
    List<String> sendingIps,
    ReportIdStyle reportIdStyle) {

  /** The shapes of {@code report-id} seen in the corpus. */
  enum ReportIdStyle {
    /** {@code 2024-01-01T00:00:00Z_example.org}, as Google writes it. */
    DATE_AND_DOMAIN,
    /** An opaque number plus the domain, as Microsoft writes it. */
    NUMBER_AND_DOMAIN,
    /** A UUID-like token. */
    OPAQUE
  }

  /** The senders of the demo, largest first; the last one keeps applying stale policies. */
  static final List<Sender> ALL =
      List.of(
          new Sender(
              "Google Inc.",
              "smtp-tls-reporting@google.com",
              420,
              true,
              List.of("192.0.2.10", "192.0.2.11", "192.0.2.12"),
              ReportIdStyle.DATE_AND_DOMAIN),
          new Sender(
              "Microsoft Corporation",
              "tlsrpt-noreply@microsoft.com",
              260,
              true,
              List.of("198.51.100.20", "198.51.100.21"),
              ReportIdStyle.NUMBER_AND_DOMAIN),
          new Sender(
              "Mail.ru",
              "tls_support@corp.mail.ru",
              60,
              true,
              List.of("203.0.113.30"),
              ReportIdStyle.OPAQUE),
          new Sender(
              "Fastpost Mail AG",
              "tlsrpt@fastpost.example",
              35,
              false,
              List.of("203.0.113.40", "203.0.113.41"),
              ReportIdStyle.OPAQUE),
          new Sender(
              "Northwind Hosting",
              "postmaster@northwind.example",
              18,
              false,
              List.of("198.51.100.50"),
              ReportIdStyle.DATE_AND_DOMAIN),
          new Sender(
              "Legacy Relay GmbH",
              "noc@legacy-relay.example",
              9,
              false,
              List.of("192.0.2.60"),
              ReportIdStyle.OPAQUE));

  /** Whether this sender keeps applying a policy after the domain replaced it (a stale cache). */
  boolean keepsStalePolicies() {
    return this == ALL.getLast();
  }
}
