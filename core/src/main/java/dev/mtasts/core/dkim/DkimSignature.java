package dev.mtasts.core.dkim;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Internal: a DKIM-Signature field read and checked for syntax and semantics (RFC 6376 §3.5,
 * §6.1.1), not yet against the message, the clock or the key. Its parts:
 *
 * <ul>
 *   <li>field: the field as received
 *   <li>tags: its tag-list
 *   <li>algorithm: {@code a=}
 *   <li>signature: {@code b=}, decoded
 *   <li>bodyHash: {@code bh=}, decoded
 *   <li>headerCanonicalization: the first half of {@code c=}
 *   <li>bodyCanonicalization: the second half of {@code c=}
 *   <li>domain: {@code d=}, lower case
 *   <li>selector: {@code s=}
 *   <li>signedFields: {@code h=}, lower case, in order, repeats kept (over-signing)
 *   <li>identity: the domain of {@code i=}, lower case ({@code d=} when absent)
 *   <li>bodyLength: {@code l=}, or -1 for the whole body
 *   <li>timestamp: {@code t=} in seconds since the epoch, if given
 *   <li>expiry: {@code x=} in seconds since the epoch, if given
 * </ul>
 */
final class DkimSignature {
  private final HeaderField field;
  private final TagList tags;
  private final DkimAlgorithm algorithm;
  private final byte[] signature;
  private final byte[] bodyHash;
  private final Canonicalization headerCanonicalization;
  private final Canonicalization bodyCanonicalization;
  private final String domain;
  private final String selector;
  private final List<String> signedFields;
  private final String identity;
  private final long bodyLength;
  private final Optional<Long> timestamp;
  private final Optional<Long> expiry;

  private static final List<String> REQUIRED = List.of("v", "a", "b", "bh", "d", "h", "s");
  private static final int MAX_TIME_DIGITS = 12; // RFC 6376 §3.5: t= and x= up to 12 digits
  private static final int MAX_LENGTH_DIGITS = 18; // fits a long; RFC 6376 allows 76

  /** Reads a DKIM-Signature field (RFC 6376 §3.5), or fails with the first problem. */
  static DkimSignature parse(HeaderField field) throws DkimFailure {
    TagList tags =
        TagList.parse(
            field.value(), DkimReason.SIGNATURE_SYNTAX, DkimReason.SIGNATURE_DUPLICATE_TAG);
    for (String name : REQUIRED) {
      if (tags.get(name).isEmpty()) {
        throw new DkimFailure(
            DkimReason.SIGNATURE_TAG_MISSING, "the signature has no " + name + "=");
      }
    }
    if (!tags.get("v").orElseThrow().equals("1")) {
      throw new DkimFailure(
          DkimReason.SIGNATURE_VERSION, "v=" + tags.get("v").orElseThrow() + " is not 1");
    }
    DkimAlgorithm algorithm = DkimAlgorithm.of(tags.get("a").orElseThrow());
    Canonicalization[] canonicalization = canonicalization(tags.get("c").orElse("simple"));
    checkQueryMethods(tags.get("q"));
    String domain = lowerDomain(tags.get("d").orElseThrow());
    if (!DnsLabels.valid(domain, 2)) {
      throw invalid("d=" + domain + " is not a domain below a top-level domain");
    }
    String selector = tags.get("s").orElseThrow();
    if (!DnsLabels.valid(selector, 1)) {
      throw invalid("s=" + selector + " is not a selector (dot-separated labels)");
    }
    List<String> signed = signedFields(tags.get("h").orElseThrow());
    String identity = identity(tags.get("i"), domain);
    long bodyLength = number(tags, "l", MAX_LENGTH_DIGITS).orElse(-1L);
    Optional<Long> timestamp = number(tags, "t", MAX_TIME_DIGITS);
    Optional<Long> expiry = number(tags, "x", MAX_TIME_DIGITS);
    if (timestamp.isPresent() && expiry.isPresent() && expiry.get() < timestamp.get()) {
      throw invalid("x= is before t= (RFC 6376 §3.5)");
    }
    return new DkimSignature(
        field,
        tags,
        algorithm,
        base64("b", tags.get("b").orElseThrow()),
        base64("bh", tags.get("bh").orElseThrow()),
        canonicalization[0],
        canonicalization[1],
        domain,
        selector,
        signed,
        identity,
        bodyLength,
        timestamp,
        expiry);
  }

  private DkimSignature(
      HeaderField field,
      TagList tags,
      DkimAlgorithm algorithm,
      byte[] signature,
      byte[] bodyHash,
      Canonicalization headerCanonicalization,
      Canonicalization bodyCanonicalization,
      String domain,
      String selector,
      List<String> signedFields,
      String identity,
      long bodyLength,
      Optional<Long> timestamp,
      Optional<Long> expiry) {
    this.field = field;
    this.tags = tags;
    this.algorithm = algorithm;
    this.signature = signature;
    this.bodyHash = bodyHash;
    this.headerCanonicalization = headerCanonicalization;
    this.bodyCanonicalization = bodyCanonicalization;
    this.domain = domain;
    this.selector = selector;
    this.signedFields = signedFields;
    this.identity = identity;
    this.bodyLength = bodyLength;
    this.timestamp = timestamp;
    this.expiry = expiry;
  }

  DkimAlgorithm algorithm() {
    return algorithm;
  }

  byte[] signature() {
    return signature.clone();
  }

  byte[] bodyHash() {
    return bodyHash.clone();
  }

  Canonicalization headerCanonicalization() {
    return headerCanonicalization;
  }

  Canonicalization bodyCanonicalization() {
    return bodyCanonicalization;
  }

  String domain() {
    return domain;
  }

  String selector() {
    return selector;
  }

  List<String> signedFields() {
    return signedFields;
  }

  String identity() {
    return identity;
  }

  long bodyLength() {
    return bodyLength;
  }

  Optional<Long> timestamp() {
    return timestamp;
  }

  Optional<Long> expiry() {
    return expiry;
  }

  /**
   * This field with its {@code b=} value and the white space before it emptied, as it is hashed
   * (RFC 6376 §3.7).
   */
  HeaderField withoutSignatureValue() {
    TagList.Value b = tags.value("b").orElseThrow();
    String raw = field.raw();
    int valueStart = raw.indexOf(':') + 1;
    String emptied = raw.substring(0, valueStart + b.start()) + raw.substring(valueStart + b.end());
    return new HeaderField(field.name(), emptied);
  }

  // RFC 6376 §3.5 c=: header/body, body defaults to simple
  private static Canonicalization[] canonicalization(String value) throws DkimFailure {
    String[] parts = value.toLowerCase(Locale.ROOT).split("/", -1);
    if (parts.length > 2) {
      throw unknownCanonicalization(value);
    }
    Optional<Canonicalization> header = Canonicalization.of(parts[0]);
    Optional<Canonicalization> body =
        parts.length == 2 ? Canonicalization.of(parts[1]) : Optional.of(Canonicalization.SIMPLE);
    if (header.isEmpty() || body.isEmpty()) {
      throw unknownCanonicalization(value);
    }
    return new Canonicalization[] {header.get(), body.get()};
  }

  private static DkimFailure unknownCanonicalization(String value) {
    return new DkimFailure(DkimReason.CANONICALIZATION_UNKNOWN, "unknown c=" + value);
  }

  // RFC 6376 §3.5 q=: a colon-separated list; dns/txt is the only method defined
  private static void checkQueryMethods(Optional<String> value) throws DkimFailure {
    if (value.isEmpty()) {
      return;
    }
    for (String method : TagList.withoutFws(value.get()).split(":")) {
      if (method.toLowerCase(Locale.ROOT).equals("dns/txt")
          || method.toLowerCase(Locale.ROOT).startsWith("dns/txt/")) {
        return;
      }
    }
    throw new DkimFailure(
        DkimReason.QUERY_METHOD_UNSUPPORTED, "q=" + value.get() + " does not offer dns/txt");
  }

  // RFC 6376 §3.5 h=: colon-separated field names; From is required (§6.1.1)
  private static List<String> signedFields(String value) throws DkimFailure {
    List<String> names = new ArrayList<>();
    for (String name : value.split(":", -1)) {
      String stripped = TagList.withoutFws(name).toLowerCase(Locale.ROOT);
      if (stripped.isEmpty()) {
        throw invalid("h= has an empty field name");
      }
      names.add(stripped);
    }
    if (!names.contains("from")) {
      throw new DkimFailure(DkimReason.FROM_NOT_SIGNED, "h= does not include From");
    }
    return List.copyOf(names);
  }

  // RFC 6376 §3.5 i=: [local-part] "@" domain, the domain d= or a subdomain of it
  private static String identity(Optional<String> value, String domain) throws DkimFailure {
    if (value.isEmpty()) {
      return domain;
    }
    int at = value.get().lastIndexOf('@');
    if (at < 0) {
      throw invalid("i=" + value.get() + " has no '@'");
    }
    String identity = lowerDomain(value.get().substring(at + 1));
    if (!DnsLabels.within(identity, domain)) {
      throw new DkimFailure(
          DkimReason.IDENTITY_MISMATCH, "i= domain " + identity + " is not within d=" + domain);
    }
    return identity;
  }

  private static String lowerDomain(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static Optional<Long> number(TagList tags, String tag, int maxDigits) throws DkimFailure {
    Optional<String> value = tags.get(tag);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String digits = value.get();
    if (digits.isEmpty()
        || digits.length() > maxDigits
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(tag + "=" + digits + " is not a number of at most " + maxDigits + " digits");
    }
    return Optional.of(Long.parseLong(digits));
  }

  private static byte[] base64(String tag, String value) throws DkimFailure {
    try {
      byte[] decoded = Base64.getDecoder().decode(TagList.withoutFws(value));
      if (decoded.length == 0) {
        throw invalid(tag + "= is empty");
      }
      return decoded;
    } catch (IllegalArgumentException e) {
      throw invalid(tag + "= is not base64");
    }
  }

  private static DkimFailure invalid(String detail) {
    return new DkimFailure(DkimReason.SIGNATURE_TAG_INVALID, detail);
  }
}
