package dev.mtasts.core.check;

/** The steps of a domain check, in the order they run. */
public enum CheckStep {
  /** The DNS records: {@code _mta-sts}, SPF, DMARC, and their DNSSEC status. */
  RECORDS("Records"),
  /** The {@code _smtp._tls} record (RFC 8460 §3). */
  REPORTING("Reporting"),
  /** The policy host and the policy it serves (RFC 8461 §3.2, §3.3). */
  POLICY("Policy"),
  /** The MX hosts: addresses, STARTTLS, certificates, TLSA (RFC 8461 §4). */
  MX("MX hosts");

  private final String title;

  CheckStep(String title) {
    this.title = title;
  }

  /** The heading a person reads, e.g. {@code Policy}. */
  public String title() {
    return title;
  }
}
