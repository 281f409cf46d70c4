package dev.mtasts.core.dkim;

import java.util.Objects;

/**
 * The verdict on one DKIM signature, or on a message.
 *
 * @param result the outcome; always {@code reason.result()}
 * @param reason why, a stable code
 * @param domain the signing domain {@code d=}, lower case, or empty when unknown
 * @param selector the selector {@code s=}, or empty when unknown
 * @param algorithm the {@code a=} value as written, or empty
 * @param aligned whether {@code d=} is the From domain or a parent of it (see docs/dkim.md)
 * @param testing whether the key is in testing mode ({@code t=y}); such a signature does not count
 *     for the message (RFC 6376 §3.6.1)
 * @param detail a sentence for people: what was found; never holds secrets
 */
public record DkimVerdict(
    DkimResult result,
    DkimReason reason,
    String domain,
    String selector,
    String algorithm,
    boolean aligned,
    boolean testing,
    String detail) {

  public DkimVerdict {
    Objects.requireNonNull(reason, "reason");
    if (result != reason.result()) {
      throw new IllegalArgumentException(reason + " gives " + reason.result() + ", not " + result);
    }
    domain = Objects.requireNonNullElse(domain, "");
    selector = Objects.requireNonNullElse(selector, "");
    algorithm = Objects.requireNonNullElse(algorithm, "");
    detail = Objects.requireNonNullElse(detail, "");
  }

  /** The verdict on a message without any DKIM-Signature field. */
  public static DkimVerdict none() {
    return new DkimVerdict(
        DkimResult.NONE, DkimReason.NO_SIGNATURE, "", "", "", false, false, "no DKIM-Signature");
  }

  public boolean passed() {
    return result == DkimResult.PASS;
  }
}
