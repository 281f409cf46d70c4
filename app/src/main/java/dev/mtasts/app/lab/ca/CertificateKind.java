package dev.mtasts.app.lab.ca;

/** What is right or wrong with a host certificate the lab issues. */
public enum CertificateKind {
  /** Signed by the lab CA, names the host, valid from an hour ago for a year. */
  VALID,
  /** Signed by the lab CA, names the host, but its validity ended a month ago. */
  EXPIRED,
  /** Signed by the lab CA and valid, but for another name than the host's. */
  WRONG_NAME,
  /** Names the host and is valid, but signs itself: no chain to the lab CA. */
  SELF_SIGNED
}
