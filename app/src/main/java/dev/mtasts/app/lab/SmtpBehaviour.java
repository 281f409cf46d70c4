package dev.mtasts.app.lab;

/** How an MX host of the lab speaks SMTP. */
public enum SmtpBehaviour {
  /** Offers STARTTLS (RFC 3207) with TLS 1.2 and 1.3. */
  STARTTLS,
  /** Never offers STARTTLS and refuses the command. */
  NO_STARTTLS,
  /** Offers STARTTLS but speaks only TLS 1.0 and 1.1 (RFC 8996 deprecated both). */
  OLD_TLS_ONLY,
  /** Has an address in DNS where nothing listens. */
  UNREACHABLE
}
