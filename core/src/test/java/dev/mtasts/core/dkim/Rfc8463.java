package dev.mtasts.core.dkim;

import dev.mtasts.core.dns.InMemoryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Properties;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/** The RFC 8463 Appendix A vector (see the README next to the resources): message and keys. */
final class Rfc8463 {

  static final String ED25519_NAME = "brisbane._domainkey.football.example.com";
  static final String RSA_NAME = "test._domainkey.football.example.com";

  /** The signing time of both signatures, t=1528637909. */
  static final Clock SIGNING_TIME =
      Clock.fixed(Instant.ofEpochSecond(1_528_637_909L), ZoneOffset.UTC);

  /** The DER prefix of a PKCS #8 Ed25519 private key before its 32-byte seed (RFC 8410 §7). */
  private static final byte[] ED25519_PKCS8_PREFIX = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
  };

  private static final Properties KEYS = load();

  private Rfc8463() {}

  /** RFC 8463 Appendix A.3, CRLF line ends. */
  static byte[] message() {
    return resource("rfc8463-a3.eml");
  }

  static String text() {
    return new String(message(), StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The A.2 key record published at {@code name}. */
  static String record(String name) {
    return KEYS.getProperty(name);
  }

  /** A resolver serving both A.2 key records. */
  static InMemoryResolver.Builder dns() {
    return InMemoryResolver.builder()
        .txt(ED25519_NAME, record(ED25519_NAME))
        .txt(RSA_NAME, record(RSA_NAME));
  }

  static PrivateKey ed25519PrivateKey() {
    byte[] seed = Base64.getDecoder().decode(KEYS.getProperty("ed25519.private"));
    byte[] pkcs8 = new byte[ED25519_PKCS8_PREFIX.length + seed.length];
    System.arraycopy(ED25519_PKCS8_PREFIX, 0, pkcs8, 0, ED25519_PKCS8_PREFIX.length);
    System.arraycopy(seed, 0, pkcs8, ED25519_PKCS8_PREFIX.length, seed.length);
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static PrivateKey rsaPrivateKey() {
    RSAPrivateKey k =
        RSAPrivateKey.getInstance(Base64.getDecoder().decode(KEYS.getProperty("rsa.private")));
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(
              new RSAPrivateCrtKeySpec(
                  k.getModulus(),
                  k.getPublicExponent(),
                  k.getPrivateExponent(),
                  k.getPrime1(),
                  k.getPrime2(),
                  k.getExponent1(),
                  k.getExponent2(),
                  k.getCoefficient()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = Rfc8463.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = Rfc8463.class.getResourceAsStream("rfc8463-keys.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
