package dev.mtasts.core.check;

import java.util.Collection;
import java.util.Locale;

/** The verdict on a domain (docs/check-findings.md): absent, fail, warn or pass. */
public enum DomainStatus {
  PASS,
  WARN,
  FAIL,
  /** No MTA-STS record and nothing else wrong. */
  ABSENT;

  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Derives the status from the findings: any error fails; no record and no error is absent. */
  public static DomainStatus of(Collection<Finding> findings) {
    boolean error = findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    if (error) {
      return FAIL;
    }
    if (findings.stream().anyMatch(f -> f.code() == FindingCode.STS_RECORD_MISSING)) {
      return ABSENT;
    }
    return findings.stream().anyMatch(f -> f.severity() == Severity.WARNING) ? WARN : PASS;
  }
}
