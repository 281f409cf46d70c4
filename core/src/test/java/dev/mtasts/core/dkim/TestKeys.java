package dev.mtasts.core.dkim;

import dev.mtasts.core.dns.InMemoryResolver;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keys made for the tests, their key records, and a signer over them (test domain example.org). */
final class TestKeys {

  static final String DOMAIN = "example.org";
  static final Instant SIGNED_AT = Instant.parse("2026-01-26T00:10:00Z");
  static final Clock AT_SIGNING = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);

  static final KeyPair ED25519 = generate("Ed25519", 0);
  static final KeyPair RSA = generate("RSA", 2048);

  /** A report as a sender writes it, LF line ends turned into CRLF. */
  static final String MESSAGE =
      crlf(
          """
          From: TLS reporting <tlsrpt-noreply@example.org>
          To: tlsrpt@example.net
          Subject: Report Domain: example.net Submitter: example.org Report-ID: <r1@example.org>
          Date: Mon, 26 Jan 2026 00:10:00 +0000
          Message-ID: <r1@example.org>
          MIME-Version: 1.0
          TLS-Report-Domain: example.net
          TLS-Report-Submitter: example.org
          Content-Type: text/plain

          This is a report.
          Its  lines  have   runs of  spaces,\ttabs and trailing space.\s\s

          """);

  private TestKeys() {}

  static String crlf(String text) {
    return text.replace("\n", "\r\n");
  }

  /** {@code v=DKIM1; k=...; p=...} for a public key, plus {@code extra} tags. */
  static String record(KeyPair pair, String extra) {
    byte[] spki = pair.getPublic().getEncoded();
    boolean ed =
        pair.getPublic().getAlgorithm().equals("EdDSA")
            || pair.getPublic().getAlgorithm().equals("Ed25519");
    byte[] published = ed ? Arrays.copyOfRange(spki, spki.length - 32, spki.length) : spki;
    return "v=DKIM1; k="
        + (ed ? "ed25519" : "rsa")
        + "; "
        + extra
        + "p="
        + Base64.getEncoder().encodeToString(published);
  }

  /** A resolver with {@code ed._domainkey.example.org} and {@code rsa._domainkey.example.org}. */
  static InMemoryResolver.Builder dns() {
    return InMemoryResolver.builder()
        .txt("ed._domainkey." + DOMAIN, record(ED25519, ""))
        .txt("rsa._domainkey." + DOMAIN, record(RSA, ""));
  }

  static DkimSigner signer(String selector, PrivateKey key, Optional<Duration> validity) {
    return new DkimSigner(DOMAIN, selector, key, AT_SIGNING, DkimSigner.DEFAULT_FIELDS, validity);
  }

  /** {@link #MESSAGE} signed with the Ed25519 key at selector {@code ed}. */
  static String signed() {
    return signed(MESSAGE, Map.of());
  }

  /** {@code message} signed with the Ed25519 key at selector {@code ed}, with extra tags. */
  static String signed(String message, Map<String, String> extraTags) {
    return signer("ed", ED25519.getPrivate(), Optional.empty())
            .signatureField(Rfc8463.bytes(message), extraTags)
        + message;
  }

  static DkimVerification verify(String message, Clock clock) {
    return new DkimVerifier(dns().build(), clock).verify(Rfc8463.bytes(message));
  }

  static List<DkimReason> reasons(DkimVerification verification) {
    return verification.signatures().stream().map(DkimVerdict::reason).toList();
  }

  private static KeyPair generate(String algorithm, int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (bits > 0) {
        generator.initialize(bits);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
