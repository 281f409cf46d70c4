package dev.mtasts.core.dkim;

import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Internal: the key record at {@code selector._domainkey.domain} (RFC 6376 §3.6.1, §3.6.2), checked
 * against the signature that names it (RFC 6376 §6.1.2).
 *
 * @param key the public key
 * @param testing {@code t=y}: the domain is testing DKIM
 * @param strict {@code t=s}: {@code i=} must be {@code d=} itself, not a subdomain
 */
record KeyRecord(PublicKey key, boolean testing, boolean strict) {

  /** Services whose mail the key may sign: RFC 6376 §3.6.1's and RFC 8460 §3's "tlsrpt". */
  private static final List<String> SERVICES = List.of("*", "email", "tlsrpt");

  /** The DNS name of a signature's key (RFC 6376 §3.6.2.1). */
  static String name(DkimSignature signature) {
    return signature.selector() + "._domainkey." + signature.domain();
  }

  /** Looks up and checks the key of {@code signature}, or fails with the reason. */
  static KeyRecord fetch(DnsResolver dns, DkimSignature signature, int maxRsaBits)
      throws DkimFailure {
    String name = name(signature);
    DnsAnswer<String> answer = dns.txt(name);
    if (answer.failed()) {
      throw new DkimFailure(
          DkimReason.KEY_LOOKUP_FAILED,
          "the key at " + name + " could not be fetched: " + answer.status());
    }
    if (answer.absent()) {
      throw new DkimFailure(DkimReason.KEY_NOT_FOUND, "no key record at " + name);
    }
    if (answer.records().size() > 1) {
      throw new DkimFailure(
          DkimReason.KEY_RECORD_MULTIPLE,
          answer.records().size() + " TXT records at " + name + "; a selector needs exactly one");
    }
    return parse(answer.records().getFirst(), signature.algorithm(), maxRsaBits);
  }

  /** Reads a key record's text for a signature made with {@code algorithm}. */
  static KeyRecord parse(String text, DkimAlgorithm algorithm, int maxRsaBits) throws DkimFailure {
    TagList tags = TagList.parse(text, DkimReason.KEY_SYNTAX, DkimReason.KEY_SYNTAX);
    Optional<String> version = tags.get("v");
    if (version.isPresent()
        && (!version.get().equals("DKIM1") || !tags.firstName().orElseThrow().equals("v"))) {
      throw new DkimFailure(
          DkimReason.KEY_VERSION, "the key record's v= must come first and be DKIM1");
    }
    String data =
        TagList.withoutFws(
            tags.get("p")
                .orElseThrow(
                    () -> new DkimFailure(DkimReason.KEY_SYNTAX, "the key record has no p=")));
    if (data.isEmpty()) {
      throw new DkimFailure(DkimReason.KEY_REVOKED, "the key was revoked (empty p=)");
    }
    String keyType = tags.get("k").orElse("rsa").toLowerCase(Locale.ROOT);
    DkimAlgorithm keyAlgorithm =
        DkimAlgorithm.forKeyType(keyType)
            .orElseThrow(
                () ->
                    new DkimFailure(DkimReason.KEY_TYPE_UNKNOWN, "unknown key type k=" + keyType));
    if (keyAlgorithm != algorithm) {
      throw new DkimFailure(
          DkimReason.KEY_TYPE_MISMATCH,
          "the key is k=" + keyType + " but the signature is a=" + algorithm);
    }
    List<String> hashes = list(tags.get("h"));
    if (!hashes.isEmpty() && !hashes.contains("sha256")) {
      throw new DkimFailure(
          DkimReason.KEY_HASH_NOT_ALLOWED, "the key allows h=" + tags.get("h").orElseThrow());
    }
    List<String> services = list(tags.get("s"));
    if (!services.isEmpty() && services.stream().noneMatch(SERVICES::contains)) {
      throw new DkimFailure(
          DkimReason.KEY_SERVICE_NOT_EMAIL,
          "the key is for s=" + tags.get("s").orElseThrow() + ", not email");
    }
    List<String> flags = list(tags.get("t"));
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new DkimFailure(DkimReason.KEY_INVALID, "p= is not base64");
    }
    PublicKey key =
        algorithm == DkimAlgorithm.RSA_SHA256
            ? PublicKeys.rsa(bytes, maxRsaBits)
            : PublicKeys.ed25519(bytes);
    return new KeyRecord(key, flags.contains("y"), flags.contains("s"));
  }

  /** A colon-separated list, lower case, without white space; empty when absent. */
  private static List<String> list(Optional<String> value) {
    return value
        .map(v -> List.of(TagList.withoutFws(v).toLowerCase(Locale.ROOT).split(":")))
        .orElse(List.of());
  }
}
