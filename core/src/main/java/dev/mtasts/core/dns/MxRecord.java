package dev.mtasts.core.dns;

import dev.mtasts.core.domain.Domain;
import java.util.Objects;

/**
 * One MX record.
 *
 * @param preference lower is preferred (RFC 5321 §5.1)
 * @param host the exchange in {@link Domain} ASCII form (A-labels, lower case, no trailing dot;
 *     underscores kept as DNS may hold them), "" for a null MX, or as given when it is no domain
 *     name at all (such a host matches no policy pattern)
 */
public record MxRecord(int preference, String host) {

  public MxRecord {
    Objects.requireNonNull(host, "host");
    host =
        host.isEmpty() || host.equals(".")
            ? ""
            : Domain.parseRecordName(host).ok().map(Domain::ascii).orElse(host);
  }

  /** RFC 7505 §3: a single MX with preference 0 and exchange "." says "no mail here". */
  public boolean isNullMx() {
    return host.isEmpty();
  }
}
