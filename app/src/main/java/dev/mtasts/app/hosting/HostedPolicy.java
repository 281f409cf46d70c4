package dev.mtasts.app.hosting;

import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.policy.StsRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The one source of what a hosted domain publishes: the policy file served at {@code
 * https://mta-sts.<domain>/.well-known/mta-sts.txt} (RFC 8461 §3.2, §3.3) and the {@code _mta-sts}
 * TXT record whose id announces it (§3.1). The id is derived from the canonical policy text, so
 * that any change to the policy is a new id and the same policy keeps its id across restarts; the
 * served policy, its ETag and the TXT value can never disagree.
 */
public final class HostedPolicy {

  /** RFC 8461 §3.1: the id is 1 to 32 letters and digits; 32 hex digits are 128 bits of hash. */
  static final int ID_LENGTH = 32;

  private final String domain;
  private final Policy policy;
  private final String text;
  private final byte[] body;
  private final String id;

  private HostedPolicy(String domain, Policy policy) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.text = policy.toText();
    this.body = text.getBytes(StandardCharsets.UTF_8);
    this.id = idOf(body);
  }

  /** The policy {@code domain} (A-label form) serves. */
  public static HostedPolicy of(String domain, Policy policy) {
    return new HostedPolicy(domain, policy);
  }

  /** The first 32 hex digits of the SHA-256 of the policy file's bytes. */
  private static String idOf(byte[] body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
      return HexFormat.of().formatHex(hash).substring(0, ID_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  public String domain() {
    return domain;
  }

  public Policy policy() {
    return policy;
  }

  /** The policy's {@code mx} patterns as served (RFC 8461 §3.2). */
  public List<String> mx() {
    return policy.mx().stream().map(MxPattern::pattern).toList();
  }

  /** The policy file: canonical order, CRLF after every line (RFC 8461 §3.2). */
  public String text() {
    return text;
  }

  /** The policy file in UTF-8, as served. */
  public byte[] body() {
    return body.clone();
  }

  /** The body's length in bytes. */
  public int length() {
    return body.length;
  }

  /** The policy id, new for every different policy text (RFC 8461 §3.1). */
  public String id() {
    return id;
  }

  /** The {@code _mta-sts} record announcing this policy (RFC 8461 §3.1). */
  public StsRecord stsRecord() {
    return new StsRecord(id, List.of());
  }

  /** The {@code _mta-sts.<domain>} TXT value, e.g. {@code v=STSv1; id=...;}. */
  public String txtValue() {
    return stsRecord().toText();
  }

  /** The strong entity tag of the served file (RFC 9110 §8.8.3): the id, quoted. */
  public String etag() {
    return '"' + id + '"';
  }

  /** The body as a read-only buffer, for writing without a copy. */
  ByteBuffer bodyBuffer() {
    return ByteBuffer.wrap(body).asReadOnlyBuffer();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostedPolicy p && p.domain.equals(domain) && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(domain, text);
  }

  @Override
  public String toString() {
    return "HostedPolicy[" + domain + ", id=" + id + "]";
  }
}
