package dev.mtasts.core.dkim;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;

/** Internal: public keys from the bytes of a key record's {@code p=} (RFC 6376 §3.6.1). */
final class PublicKeys {

  /** DER of an Ed25519 SubjectPublicKeyInfo before its 32 key bytes (RFC 8410 §4). */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static final int ED25519_KEY_BYTES = 32;
  static final int MIN_RSA_BITS = 1024;

  private PublicKeys() {}

  /**
   * An RSA key from a SubjectPublicKeyInfo (what {@code openssl rsa -pubout} and every signer
   * publish) or a bare PKCS#1 RSAPublicKey, between 1024 bits (RFC 8301 §3.2) and {@code maxBits}.
   */
  static RSAPublicKey rsa(byte[] encoded, int maxBits) throws DkimFailure {
    RSAPublicKey key = decodeRsa(encoded);
    int bits = key.getModulus().bitLength();
    if (bits < MIN_RSA_BITS) {
      throw new DkimFailure(
          DkimReason.KEY_TOO_SMALL,
          "the RSA key has " + bits + " bits; RFC 8301 §3.2 requires at least " + MIN_RSA_BITS);
    }
    if (bits > maxBits) {
      throw new DkimFailure(
          DkimReason.KEY_TOO_LARGE, "the RSA key has " + bits + " bits, over " + maxBits);
    }
    return key;
  }

  /** An Ed25519 key from its raw 32 bytes (RFC 8463 §4). */
  static PublicKey ed25519(byte[] raw) throws DkimFailure {
    if (raw.length != ED25519_KEY_BYTES) {
      throw new DkimFailure(
          DkimReason.KEY_INVALID, "an Ed25519 key has 32 bytes, this one " + raw.length);
    }
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + ED25519_KEY_BYTES];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, ED25519_KEY_BYTES);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new DkimFailure(DkimReason.KEY_INVALID, "not an Ed25519 public key");
    }
  }

  private static RSAPublicKey decodeRsa(byte[] encoded) throws DkimFailure {
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      try {
        return (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(encoded));
      } catch (GeneralSecurityException | ClassCastException notSpki) {
        return (RSAPublicKey) rsa.generatePublic(pkcs1(encoded));
      }
    } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
      throw new DkimFailure(DkimReason.KEY_INVALID, "p= is not an RSA public key");
    }
  }

  /** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 §A.1.1). */
  private static RSAPublicKeySpec pkcs1(byte[] der) {
    Der reader = new Der(der);
    reader.enter(0x30);
    BigInteger modulus = new BigInteger(reader.content(0x02));
    BigInteger exponent = new BigInteger(reader.content(0x02));
    if (reader.at != der.length || modulus.signum() <= 0 || exponent.signum() <= 0) {
      throw new IllegalArgumentException("not an RSAPublicKey");
    }
    return new RSAPublicKeySpec(modulus, exponent);
  }

  /** The few DER rules an RSAPublicKey needs: a tag, a definite length, the content. */
  private static final class Der {
    private final byte[] bytes;
    private int at;

    Der(byte[] bytes) {
      this.bytes = bytes;
    }

    void enter(int tag) {
      int length = header(tag);
      if (at + length != bytes.length) {
        throw new IllegalArgumentException("trailing bytes");
      }
    }

    byte[] content(int tag) {
      int length = header(tag);
      byte[] content = java.util.Arrays.copyOfRange(bytes, at, at + length);
      at += length;
      return content;
    }

    private int header(int tag) {
      if (at + 2 > bytes.length || (bytes[at] & 0xff) != tag) {
        throw new IllegalArgumentException("unexpected DER tag");
      }
      int first = bytes[at + 1] & 0xff;
      at += 2;
      int length;
      if (first < 0x80) {
        length = first;
      } else {
        int count = first & 0x7f;
        if (count == 0 || count > 3 || at + count > bytes.length) {
          throw new IllegalArgumentException("unsupported DER length");
        }
        length = 0;
        for (int i = 0; i < count; i++) {
          length = (length << 8) | (bytes[at++] & 0xff);
        }
      }
      if (length > bytes.length - at) {
        throw new IllegalArgumentException("DER length past the end");
      }
      return length;
    }
  }
}
