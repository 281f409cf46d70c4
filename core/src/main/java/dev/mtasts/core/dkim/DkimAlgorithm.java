package dev.mtasts.core.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Locale;
import java.util.Optional;

/** Internal: the signing algorithms accepted (RFC 8301 §3.1, RFC 8463 §3). */
enum DkimAlgorithm {
  RSA_SHA256("rsa-sha256", "rsa"),
  ED25519_SHA256("ed25519-sha256", "ed25519");

  private final String tag;
  private final String keyType;

  DkimAlgorithm(String tag, String keyType) {
    this.tag = tag;
    this.keyType = keyType;
  }

  /** The algorithm of an {@code a=} value; rsa-sha1 and others fail with their reason. */
  static DkimAlgorithm of(String value) throws DkimFailure {
    String name = value.toLowerCase(Locale.ROOT);
    if (name.equals("rsa-sha1")) {
      throw new DkimFailure(
          DkimReason.ALGORITHM_RSA_SHA1, "a=rsa-sha1 is not accepted since RFC 8301 §3.1");
    }
    for (DkimAlgorithm algorithm : values()) {
      if (algorithm.tag.equals(name)) {
        return algorithm;
      }
    }
    throw new DkimFailure(DkimReason.ALGORITHM_UNKNOWN, "unknown algorithm a=" + value);
  }

  /** The {@code k=} key type this algorithm needs. */
  String keyType() {
    return keyType;
  }

  static Optional<DkimAlgorithm> forKeyType(String keyType) {
    for (DkimAlgorithm algorithm : values()) {
      if (algorithm.keyType.equals(keyType)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code signature} signs {@code data} (the canonical header fields, RFC 6376 §3.7).
   * Ed25519 signs the SHA-256 hash of the data, not the data (RFC 8463 §3).
   */
  boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(this == RSA_SHA256 ? "SHA256withRSA" : "Ed25519");
      verifier.initVerify(key);
      verifier.update(this == RSA_SHA256 ? data : sha256(data));
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a signature of the wrong length or shape does not verify
    }
  }

  /** Signs {@code data} the way {@link #verify} checks it. */
  byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
    Signature signer = Signature.getInstance(this == RSA_SHA256 ? "SHA256withRSA" : "Ed25519");
    signer.initSign(key);
    signer.update(this == RSA_SHA256 ? data : sha256(data));
    return signer.sign();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return tag;
  }
}
