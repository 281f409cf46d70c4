package dev.mtasts.core.dns;

import java.util.Locale;
import java.util.Objects;

/**
 * One MX record.
 *
 * @param preference lower is preferred (RFC 5321 §5.1)
 * @param host the exchange, lower case, without the trailing dot ("" for a null MX)
 */
public record MxRecord(int preference, String host) {

  public MxRecord {
    Objects.requireNonNull(host, "host");
    host = stripDot(host.toLowerCase(Locale.ROOT));
  }

  /** RFC 7505 §3: a single MX with preference 0 and exchange "." says "no mail here". */
  public boolean isNullMx() {
    return host.isEmpty();
  }

  private static String stripDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
