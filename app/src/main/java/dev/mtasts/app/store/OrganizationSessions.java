package dev.mtasts.app.store;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One sending organisation's sessions (RFC 8460 §4.4 {@code organization-name}): successful and
 * failed, and the failed ones per result type.
 */
public record OrganizationSessions(
    String organization, long successful, long failed, Map<String, Long> byResultType) {

  public OrganizationSessions {
    Objects.requireNonNull(organization, "organization");
    byResultType = Collections.unmodifiableMap(new TreeMap<>(byResultType));
  }
}
