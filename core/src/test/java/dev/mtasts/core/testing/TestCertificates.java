package dev.mtasts.core.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for tests and the lab: a CA, intermediates, and leaf certificates for names, valid
 * or deliberately broken (expired, not yet valid, wrong name, self-signed, wildcard, missing
 * intermediate), with PEM output and a server {@link SSLContext}. Keys are EC P-256 (fast) unless
 * {@link Leaf#withRsaKey()} asks for RSA (for old TLS servers). Validity is relative to {@code now}
 * given to {@link #rootCa(String, Instant)}, or the real time.
 *
 * <pre>{@code
 * Authority root = TestCertificates.rootCa("Test Root");
 * Authority intermediate = root.intermediate("Test Intermediate");
 * Issued good = intermediate.issue(Leaf.forNames("mta-sts.example.com"));
 * Issued expired = intermediate.issue(Leaf.forNames("mx.example.com").expired());
 * }</pre>
 */
public final class TestCertificates {

  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
  private static final Duration ONE_DAY = Duration.ofDays(1);

  private TestCertificates() {}

  /** A self-signed root CA valid from a day before the real time for ten years. */
  public static Authority rootCa(String commonName) {
    return rootCa(commonName, Instant.now());
  }

  /** A self-signed root CA valid from a day before {@code now} for ten years. */
  public static Authority rootCa(String commonName, Instant now) {
    KeyPair keys = ecKeys();
    X500Name name = new X500Name("CN=" + commonName + ",O=mtasts test");
    X509Certificate cert =
        sign(
            name,
            name,
            keys,
            keys.getPrivate(),
            now.minus(ONE_DAY),
            now.plus(Duration.ofDays(3650)),
            true,
            List.of(),
            keys);
    return new Authority(cert, keys, List.of(), now);
  }

  /** A self-signed leaf (not a CA) for {@code names}, valid around the real time. */
  public static Issued selfSigned(String... names) {
    return selfSigned(Leaf.forNames(names), Instant.now());
  }

  /** A self-signed leaf (not a CA) as {@code leaf} describes. */
  public static Issued selfSigned(Leaf leaf, Instant now) {
    KeyPair keys = leaf.rsaKey ? rsaKeys() : ecKeys();
    X500Name name = new X500Name("CN=" + leaf.cn());
    Instant from = leaf.notBefore == null ? now.minus(ONE_DAY) : leaf.notBefore;
    Instant to = leaf.notAfter == null ? now.plus(Duration.ofDays(90)) : leaf.notAfter;
    X509Certificate cert =
        sign(
            name,
            name,
            keys,
            keys.getPrivate(),
            from,
            to,
            false,
            leaf.sans,
            keys,
            leaf.keyUsage,
            leaf.extendedKeyUsage);
    return new Issued(cert, keys.getPrivate(), List.of(cert));
  }

  /**
   * A certificate authority that can issue intermediates and leaves.
   *
   * @param certificate this authority's certificate
   * @param chainAbove the certificates between this authority and the root (excluded), nearest
   *     first
   * @param now the reference time for validity periods
   */
  public record Authority(
      X509Certificate certificate, KeyPair keys, List<X509Certificate> chainAbove, Instant now) {

    /** An intermediate CA signed by this authority. */
    public Authority intermediate(String commonName) {
      KeyPair childKeys = ecKeys();
      X509Certificate cert =
          sign(
              new X500Name("CN=" + commonName + ",O=mtasts test"),
              X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
              childKeys,
              keys.getPrivate(),
              now.minus(ONE_DAY),
              now.plus(Duration.ofDays(1825)),
              true,
              List.of(),
              keys);
      List<X509Certificate> above = new ArrayList<>();
      if (!isRoot()) {
        above.add(certificate);
      }
      above.addAll(chainAbove);
      return new Authority(cert, childKeys, above, now);
    }

    /** A leaf certificate as {@code leaf} describes, signed by this authority. */
    public Issued issue(Leaf leaf) {
      KeyPair leafKeys = leaf.rsaKey ? rsaKeys() : ecKeys();
      Instant from = leaf.notBefore == null ? now.minus(ONE_DAY) : leaf.notBefore;
      Instant to = leaf.notAfter == null ? now.plus(Duration.ofDays(90)) : leaf.notAfter;
      X509Certificate cert =
          sign(
              new X500Name("CN=" + leaf.cn()),
              X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
              leafKeys,
              keys.getPrivate(),
              from,
              to,
              false,
              leaf.sans,
              keys,
              leaf.keyUsage,
              leaf.extendedKeyUsage);
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(cert);
      if (!isRoot()) {
        chain.add(certificate);
      }
      chain.addAll(chainAbove);
      return new Issued(cert, leafKeys.getPrivate(), chain);
    }

    /**
     * This authority's name and key, certified by {@code other} for the given period: a cross-sign,
     * as CAs issue to chain a new root to an old one.
     */
    public X509Certificate crossSignedBy(Authority other, Instant from, Instant to) {
      return sign(
          X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
          X500Name.getInstance(other.certificate().getSubjectX500Principal().getEncoded()),
          keys,
          other.keys().getPrivate(),
          from,
          to,
          true,
          List.of(),
          other.keys());
    }

    /** A valid leaf for {@code names}, signed by this authority. */
    public Issued issue(String... names) {
      return issue(Leaf.forNames(names));
    }

    /** This authority's certificate in PEM (for a {@code --ca-file}). */
    public String certificatePem() {
      return pem(certificate);
    }

    private boolean isRoot() {
      return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }
  }

  /**
   * What a leaf certificate should look like. Immutable; the methods return modified copies.
   *
   * @param sans the DNS subject alternative names (none: a CN-only certificate)
   */
  public record Leaf(
      String cn,
      List<String> sans,
      Instant notBefore,
      Instant notAfter,
      boolean rsaKey,
      int keyUsage,
      List<KeyPurposeId> extendedKeyUsage) {

    /** digitalSignature and keyEncipherment: what a TLS server certificate usually carries. */
    public static final int SERVER_KEY_USAGE = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;

    public Leaf {
      sans = List.copyOf(sans);
      extendedKeyUsage = List.copyOf(extendedKeyUsage);
    }

    public Leaf(String cn, List<String> sans, Instant notBefore, Instant notAfter, boolean rsa) {
      this(cn, sans, notBefore, notAfter, rsa, SERVER_KEY_USAGE, List.of());
    }

    /** A leaf with {@code names} as DNS SANs and the first as CN. */
    public static Leaf forNames(String... names) {
      return new Leaf(names.length == 0 ? "no name" : names[0], List.of(names), null, null, false);
    }

    /** A leaf with only a subject CN and no SAN extension (pre-RFC 6125 style). */
    public static Leaf commonNameOnly(String cn) {
      return new Leaf(cn, List.of(), null, null, false);
    }

    /** With this keyUsage (BouncyCastle {@link KeyUsage} bits; 0 for no extension). */
    public Leaf withKeyUsage(int bits) {
      return new Leaf(cn, sans, notBefore, notAfter, rsaKey, bits, extendedKeyUsage);
    }

    /** With an extendedKeyUsage extension naming these purposes. */
    public Leaf withExtendedKeyUsage(KeyPurposeId... purposes) {
      return new Leaf(cn, sans, notBefore, notAfter, rsaKey, keyUsage, List.of(purposes));
    }

    /** Valid from 90 days ago until yesterday relative to {@code now}. */
    public Leaf expiredAt(Instant now) {
      return validBetween(now.minus(Duration.ofDays(90)), now.minus(ONE_DAY));
    }

    /** Valid from tomorrow relative to {@code now}, for 90 days. */
    public Leaf notYetValidAt(Instant now) {
      return validBetween(now.plus(ONE_DAY), now.plus(Duration.ofDays(90)));
    }

    public Leaf validBetween(Instant from, Instant to) {
      return new Leaf(cn, sans, from, to, rsaKey, keyUsage, extendedKeyUsage);
    }

    public Leaf withRsaKey() {
      return new Leaf(cn, sans, notBefore, notAfter, true, keyUsage, extendedKeyUsage);
    }
  }

  /**
   * An issued certificate with its key.
   *
   * @param chain the chain a server presents: leaf first, then intermediates (no root)
   */
  public record Issued(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {

    public Issued {
      chain = List.copyOf(chain);
    }

    /** The same certificate presented without its intermediates (a common misconfiguration). */
    public Issued withoutIntermediates() {
      return new Issued(certificate, key, List.of(certificate));
    }

    /** The presented chain in PEM, leaf first. */
    public String chainPem() {
      StringBuilder out = new StringBuilder();
      chain.forEach(c -> out.append(pem(c)));
      return out.toString();
    }

    /** The private key as PKCS#8 PEM. */
    public String keyPem() {
      return pemBlock("PRIVATE KEY", key.getEncoded());
    }

    /** A server-side TLS context presenting {@link #chain()}. */
    public SSLContext serverContext() {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
      } catch (GeneralSecurityException | java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** One certificate in PEM. */
  public static String pem(X509Certificate certificate) {
    try {
      return pemBlock("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pemBlock(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static X509Certificate sign(
      X500Name subject,
      X500Name issuer,
      KeyPair subjectKeys,
      PrivateKey issuerKey,
      Instant from,
      Instant to,
      boolean ca,
      List<String> dnsNames,
      KeyPair issuerKeys) {
    return sign(
        subject,
        issuer,
        subjectKeys,
        issuerKey,
        from,
        to,
        ca,
        dnsNames,
        issuerKeys,
        ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : Leaf.SERVER_KEY_USAGE,
        List.of());
  }

  private static X509Certificate sign(
      X500Name subject,
      X500Name issuer,
      KeyPair subjectKeys,
      PrivateKey issuerKey,
      Instant from,
      Instant to,
      boolean ca,
      List<String> dnsNames,
      KeyPair issuerKeys,
      int keyUsage,
      List<KeyPurposeId> extendedKeyUsage) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIALS.incrementAndGet()),
              Date.from(from),
              Date.from(to),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (keyUsage != 0) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      }
      if (!extendedKeyUsage.isEmpty()) {
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(extendedKeyUsage.toArray(KeyPurposeId[]::new)));
      }
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      if (!dnsNames.isEmpty()) {
        GeneralName[] names =
            dnsNames.stream()
                .map(n -> new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      String algorithm =
          issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsaKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
