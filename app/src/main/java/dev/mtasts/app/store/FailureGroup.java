package dev.mtasts.app.store;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Failed sessions of one group of a breakdown (a result type, an MX host, a sending IP), the
 * largest first in a breakdown.
 *
 * @param key the group: the result type, the receiving MX host name (lower case, "" when the
 *     reports did not name one) or the sending MTA's address ("" when not named)
 * @param failed failed sessions in the group
 * @param byResultType the group's failed sessions per RFC 8460 §4.3 result type
 */
public record FailureGroup(String key, long failed, Map<String, Long> byResultType) {

  public FailureGroup {
    Objects.requireNonNull(key, "key");
    byResultType = Collections.unmodifiableMap(new TreeMap<>(byResultType));
  }
}
