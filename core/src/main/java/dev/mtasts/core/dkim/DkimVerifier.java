package dev.mtasts.core.dkim;

import dev.mtasts.core.dns.DnsResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies the DKIM signatures of a message (RFC 6376 §6) with rsa-sha256 (RFC 8301) and
 * ed25519-sha256 (RFC 8463). Each DKIM-Signature field gets a {@link DkimVerdict}; the message
 * passes when one signature passes. Keys come from TXT records through a {@link DnsResolver}; a DNS
 * failure is a TEMPERROR. Input is untrusted: nothing throws for bad input, and the work is bounded
 * by {@link Limits}. Thread-safe.
 *
 * <p>Verify when the mail is received: signatures expire ({@code x=}), and mail.ru's do so after 25
 * hours.
 */
public final class DkimVerifier {

  /**
   * Bounds for hostile input.
   *
   * @param maxSignatures signatures checked, top first; later ones get {@code SIGNATURE_LIMIT}
   * @param maxHeaderBytes the header section's size
   * @param maxHeaderFields the number of header fields
   * @param maxSignatureBytes one DKIM-Signature field's size
   * @param maxRsaBits the largest RSA key verified (verification cost grows with the size)
   * @param clockSkew how far {@code t=} may lie in the future and {@code x=} in the past
   */
  public record Limits(
      int maxSignatures,
      int maxHeaderBytes,
      int maxHeaderFields,
      int maxSignatureBytes,
      int maxRsaBits,
      Duration clockSkew) {

    /** Room for every real report sender, with a margin. */
    public static final Limits DEFAULT =
        new Limits(5, 256 * 1024, 1000, 8 * 1024, 8192, Duration.ofMinutes(5));

    public Limits {
      if (maxSignatures < 1
          || maxHeaderBytes < 1
          || maxHeaderFields < 1
          || maxSignatureBytes < 1
          || maxRsaBits < PublicKeys.MIN_RSA_BITS
          || clockSkew.isNegative()) {
        throw new IllegalArgumentException("limits out of range: " + this);
      }
    }
  }

  private static final String FIELD_NAME = "dkim-signature";

  private final DnsResolver dns;
  private final Clock clock;
  private final Limits limits;

  public DkimVerifier(DnsResolver dns, Clock clock) {
    this(dns, clock, Limits.DEFAULT);
  }

  public DkimVerifier(DnsResolver dns, Clock clock, Limits limits) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Verifies every signature of {@code message}, the raw bytes as received (RFC 5322). */
  public DkimVerification verify(byte[] message) {
    HeaderSection header;
    try {
      header = HeaderSection.read(message, limits.maxHeaderBytes(), limits.maxHeaderFields());
    } catch (DkimFailure failure) {
      DkimVerdict verdict =
          new DkimVerdict(
              failure.reason().result(),
              failure.reason(),
              "",
              "",
              "",
              false,
              false,
              failure.getMessage());
      return new DkimVerification(verdict, List.of(), Optional.empty());
    }
    Optional<String> from = FromDomain.of(header.fields());
    Map<BodyKey, BodyHash.Result> bodies = new HashMap<>();
    List<DkimVerdict> verdicts = new ArrayList<>();
    for (HeaderField field : header.fields()) {
      if (!field.is(FIELD_NAME)) {
        continue;
      }
      if (verdicts.size() >= limits.maxSignatures()) {
        verdicts.add(
            verdict(
                Labels.of(field),
                from,
                false,
                DkimReason.SIGNATURE_LIMIT,
                "only the first " + limits.maxSignatures() + " signatures are checked"));
      } else {
        verdicts.add(check(field, header, message, from, bodies));
      }
    }
    return DkimVerification.of(verdicts, from);
  }

  /** The canonical body a signature covers: its algorithm and its {@code l=}. */
  private record BodyKey(Canonicalization canonicalization, long length) {}

  private DkimVerdict check(
      HeaderField field,
      HeaderSection header,
      byte[] message,
      Optional<String> from,
      Map<BodyKey, BodyHash.Result> bodies) {
    Labels labels = Labels.of(field);
    boolean testing = false;
    try {
      if (field.raw().length() > limits.maxSignatureBytes()) {
        throw new DkimFailure(
            DkimReason.HEADER_TOO_LARGE,
            "the DKIM-Signature is over " + limits.maxSignatureBytes() + " bytes");
      }
      DkimSignature signature = DkimSignature.parse(field);
      checkTimes(signature);
      BodyHash.Result body = checkBody(signature, message, header.bodyStart(), bodies);
      KeyRecord key = KeyRecord.fetch(dns, signature, limits.maxRsaBits());
      testing = key.testing();
      if (key.strict() && !signature.identity().equals(signature.domain())) {
        throw new DkimFailure(
            DkimReason.KEY_STRICT_IDENTITY,
            "the key has t=s but i= is " + signature.identity() + ", not " + signature.domain());
      }
      byte[] data = SignedHeaders.data(signature, header.fields());
      if (!signature.algorithm().verify(key.key(), data, signature.signature())) {
        throw new DkimFailure(
            DkimReason.SIGNATURE_MISMATCH,
            "the signature does not verify: a signed header field changed");
      }
      if (signature.bodyLength() >= 0 && signature.bodyLength() < body.canonicalLength()) {
        throw new DkimFailure(
            DkimReason.BODY_PARTIALLY_SIGNED,
            "l="
                + signature.bodyLength()
                + " signs only part of the "
                + body.canonicalLength()
                + "-octet body; the rest may have been added");
      }
      return verdict(labels, from, testing, DkimReason.SIGNATURE_VERIFIED, "");
    } catch (DkimFailure failure) {
      return verdict(labels, from, testing, failure.reason(), failure.getMessage());
    }
  }

  // RFC 6376 §3.5 x= and t=, with room for clocks that differ a little
  private void checkTimes(DkimSignature signature) throws DkimFailure {
    long now = clock.instant().getEpochSecond();
    long skew = limits.clockSkew().toSeconds();
    if (signature.expiry().isPresent() && signature.expiry().get() + skew < now) {
      throw new DkimFailure(
          DkimReason.SIGNATURE_EXPIRED,
          "the signature expired at x=" + signature.expiry().get() + ", now is " + now);
    }
    if (signature.timestamp().isPresent() && signature.timestamp().get() - skew > now) {
      throw new DkimFailure(
          DkimReason.SIGNATURE_IN_FUTURE,
          "the signature is dated t=" + signature.timestamp().get() + ", now is " + now);
    }
  }

  // RFC 6376 §6.1.3: the body hash, checked before the key is fetched so that a changed body
  // costs no DNS query
  private static BodyHash.Result checkBody(
      DkimSignature signature, byte[] message, int bodyStart, Map<BodyKey, BodyHash.Result> bodies)
      throws DkimFailure {
    BodyKey key = new BodyKey(signature.bodyCanonicalization(), signature.bodyLength());
    BodyHash.Result body =
        bodies.computeIfAbsent(
            key, k -> BodyHash.of(message, bodyStart, k.canonicalization(), k.length()));
    if (signature.bodyLength() > body.canonicalLength()) {
      throw new DkimFailure(
          DkimReason.BODY_LENGTH_EXCEEDS_BODY,
          "l=" + signature.bodyLength() + " exceeds the " + body.canonicalLength() + "-octet body");
    }
    if (!body.matches(signature.bodyHash())) {
      throw new DkimFailure(
          DkimReason.BODY_HASH_MISMATCH, "the body hash differs from bh=: the body changed");
    }
    return body;
  }

  private static DkimVerdict verdict(
      Labels labels, Optional<String> from, boolean testing, DkimReason reason, String detail) {
    boolean aligned =
        !labels.domain().isEmpty()
            && from.filter(f -> DnsLabels.within(f, labels.domain())).isPresent();
    return new DkimVerdict(
        reason.result(),
        reason,
        labels.domain(),
        labels.selector(),
        labels.algorithm(),
        aligned,
        testing,
        detail);
  }

  /** The d=, s= and a= of a signature, read leniently so that even a rejected one is named. */
  private record Labels(String domain, String selector, String algorithm) {
    static Labels of(HeaderField field) {
      try {
        TagList tags =
            TagList.parse(
                field.value(), DkimReason.SIGNATURE_SYNTAX, DkimReason.SIGNATURE_DUPLICATE_TAG);
        String domain = tags.get("d").orElse("").toLowerCase(Locale.ROOT);
        return new Labels(
            DnsLabels.valid(domain, 2) ? domain : "",
            tags.get("s").orElse(""),
            tags.get("a").orElse(""));
      } catch (DkimFailure unreadable) {
        return new Labels("", "", "");
      }
    }
  }
}
