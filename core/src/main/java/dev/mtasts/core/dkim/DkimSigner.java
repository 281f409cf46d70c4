package dev.mtasts.core.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs messages with DKIM (RFC 6376 §5): rsa-sha256 for an RSA key of at least 1024 bits (RFC
 * 8301; 2048 recommended), ed25519-sha256 for an Ed25519 key (RFC 8463); relaxed/relaxed
 * canonicalization; no {@code l=}. Every field named is over-signed (listed once more than it
 * occurs), so that no such field can be added later without breaking the signature. Thread-safe.
 */
public final class DkimSigner {

  /** The fields signed by default: the author, the report's identity (RFC 8460 §5.3), MIME. */
  public static final List<String> DEFAULT_FIELDS =
      List.of(
          "from",
          "to",
          "cc",
          "subject",
          "date",
          "message-id",
          "mime-version",
          "content-type",
          "content-transfer-encoding",
          "tls-report-domain",
          "tls-report-submitter");

  private static final int LINE = 72;
  private static final int MAX_HEADER_BYTES = 1024 * 1024;
  private static final int MAX_HEADER_FIELDS = 10_000;

  private final String domain;
  private final String selector;
  private final PrivateKey key;
  private final DkimAlgorithm algorithm;
  private final Clock clock;
  private final List<String> fields;
  private final Optional<Duration> validity;

  /**
   * A signer for {@code domain} with the key published at {@code selector._domainkey.domain}.
   *
   * @param fields the header fields to sign, From first or not, From always included
   * @param validity when present, signatures expire ({@code x=}) this long after signing
   * @throws IllegalArgumentException for a bad domain, selector, field name or key
   */
  public DkimSigner(
      String domain,
      String selector,
      PrivateKey key,
      Clock clock,
      List<String> fields,
      Optional<Duration> validity) {
    this.domain = domain.toLowerCase(Locale.ROOT);
    this.selector = selector;
    if (!DnsLabels.valid(this.domain, 2) || !DnsLabels.valid(selector, 1)) {
      throw new IllegalArgumentException(
          "not a signing domain and selector: " + domain + ", " + selector);
    }
    this.key = Objects.requireNonNull(key, "key");
    this.algorithm = algorithmFor(key);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fields = fields.stream().map(f -> f.toLowerCase(Locale.ROOT)).distinct().toList();
    if (!this.fields.contains("from")
        || !this.fields.stream()
            .allMatch(f -> f.chars().allMatch(c -> c > 32 && c < 127 && c != ':'))) {
      throw new IllegalArgumentException(
          "the signed fields must be names and include from: " + fields);
    }
    this.validity = Objects.requireNonNull(validity, "validity");
  }

  /** A signer of {@link #DEFAULT_FIELDS} whose signatures do not expire. */
  public DkimSigner(String domain, String selector, PrivateKey key, Clock clock) {
    this(domain, selector, key, clock, DEFAULT_FIELDS, Optional.empty());
  }

  /**
   * The message with a DKIM-Signature field on top. Lines may end in CRLF or LF; the signature
   * covers the CRLF form, which is what travels (RFC 5321 §2.3.8).
   *
   * @throws IllegalArgumentException when the message has no readable header section
   */
  public byte[] sign(byte[] message) {
    byte[] field = signatureField(message, Map.of()).getBytes(StandardCharsets.ISO_8859_1);
    byte[] signed = new byte[field.length + message.length];
    System.arraycopy(field, 0, signed, 0, field.length);
    System.arraycopy(message, 0, signed, field.length, message.length);
    return signed;
  }

  /**
   * The DKIM-Signature field for {@code message}, ending in CRLF. {@code extraTags} are added
   * before {@code h=} as written (tests use them for {@code l=}, {@code i=} and the like).
   */
  String signatureField(byte[] message, Map<String, String> extraTags) {
    HeaderSection header;
    try {
      header = HeaderSection.read(message, MAX_HEADER_BYTES, MAX_HEADER_FIELDS);
    } catch (DkimFailure failure) {
      throw new IllegalArgumentException("cannot sign: " + failure.getMessage());
    }
    long bodyLength = Long.parseLong(extraTags.getOrDefault("l", "-1"));
    BodyHash.Result body =
        BodyHash.of(message, header.bodyStart(), Canonicalization.RELAXED, bodyLength);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("v", "1");
    tags.put("a", algorithm.toString());
    tags.put("c", "relaxed/relaxed");
    tags.put("d", domain);
    tags.put("s", selector);
    long now = clock.instant().getEpochSecond();
    tags.put("t", Long.toString(now));
    validity.ifPresent(v -> tags.put("x", Long.toString(now + v.toSeconds())));
    tags.putAll(extraTags);
    tags.put("h", String.join(":", signedNames(header.fields())));
    tags.put("bh", Base64.getEncoder().encodeToString(body.digest()));
    StringBuilder text = new StringBuilder("DKIM-Signature:");
    int column = text.length();
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      String spec = " " + tag.getKey() + "=" + tag.getValue() + ";";
      if (column + spec.length() > LINE) {
        text.append("\r\n");
        column = 0;
      }
      text.append(spec);
      column += spec.length();
    }
    text.append("\r\n b=");
    String unsigned = text + "\r\n";
    try {
      DkimSignature parsed =
          DkimSignature.parse(new HeaderField("DKIM-Signature", unsignedWithPlaceholder(unsigned)));
      byte[] data = SignedHeaders.data(parsed, header.fields());
      String value = Base64.getEncoder().encodeToString(algorithm.sign(key, data));
      for (int i = 0; i < value.length(); i += LINE) {
        text.append(i == 0 ? "" : "\r\n  ").append(value, i, Math.min(value.length(), i + LINE));
      }
    } catch (DkimFailure | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with this key: " + e.getMessage(), e);
    }
    return text.append("\r\n").toString();
  }

  /** Each name as often as the message has it, plus once more (over-signing, RFC 6376 §8.15). */
  private List<String> signedNames(List<HeaderField> present) {
    List<String> names = new ArrayList<>();
    for (String name : fields) {
      long count = present.stream().filter(f -> f.is(name)).count();
      for (long i = 0; i <= count; i++) {
        names.add(name);
      }
    }
    return names;
  }

  private static String unsignedWithPlaceholder(String field) {
    // b= must hold base64 to parse; its value is cut out again before hashing (RFC 6376 §3.7)
    return field.substring(0, field.length() - 2) + "AA==\r\n";
  }

  private static DkimAlgorithm algorithmFor(PrivateKey key) {
    if (key instanceof RSAPrivateKey rsa) {
      if (rsa.getModulus().bitLength() < PublicKeys.MIN_RSA_BITS) {
        throw new IllegalArgumentException("RSA keys have at least 1024 bits (RFC 8301 §3.2)");
      }
      return DkimAlgorithm.RSA_SHA256;
    }
    if (key instanceof EdECPrivateKey ed && ed.getParams().getName().equalsIgnoreCase("Ed25519")) {
      return DkimAlgorithm.ED25519_SHA256;
    }
    throw new IllegalArgumentException(
        "only RSA and Ed25519 keys sign DKIM: " + key.getAlgorithm());
  }
}
