package dev.mtasts.core.policy;

import java.util.Objects;

/**
 * A field this implementation does not know, kept as read: an {@code sts-extension} of the TXT
 * record (RFC 8461 §3.1) or an {@code sts-policy-extension} of the policy file (§3.2). Receivers
 * ignore them ("unknown fields SHALL be ignored"); the writers reproduce them.
 */
public record Extension(String name, String value) {
  public Extension {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
