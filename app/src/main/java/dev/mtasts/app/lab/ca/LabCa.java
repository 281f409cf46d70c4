package dev.mtasts.app.lab.ca;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The lab's private certificate authority: an EC P-256 root that signs the certificates of the
 * lab's policy hosts and MX hosts, in the flavours the scenarios need ({@link CertificateKind}). A
 * fresh root is made at each start, so nothing outside the lab ever trusts it by accident; clients
 * trust it through {@code --ca-file}.
 */
public final class LabCa {

  private static final Duration LEAF_LIFETIME = Duration.ofDays(365);
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final KeyPair rootKeys;
  private final X509Certificate root;

  private LabCa(Clock clock) {
    this.clock = clock;
    this.rootKeys = newKeyPair();
    Instant now = clock.instant();
    X500Name name = new X500Name("CN=mtasts lab CA,O=mtasts lab");
    this.root =
        sign(
            new JcaX509v3CertificateBuilder(
                name,
                serial(),
                Date.from(now.minus(Duration.ofDays(3650))), // older than every leaf it signed
                Date.from(now.plus(Duration.ofDays(3650))),
                name,
                rootKeys.getPublic()),
            rootKeys,
            builder -> {
              builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
              builder.addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(
                      KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
              builder.addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions().createSubjectKeyIdentifier(rootKeys.getPublic()));
            });
  }

  /** Makes a new root. */
  public static LabCa create(Clock clock) {
    return new LabCa(clock);
  }

  /** The root certificate clients must trust. */
  public X509Certificate root() {
    return root;
  }

  /** The root certificate in PEM, the content of {@code ca.pem}. */
  public String rootPem() {
    return pem(List.of(root));
  }

  /**
   * Issues a certificate for {@code host} with the given defect. A wrong-name certificate names
   * {@code wrong-name.invalid}, a name no scenario host has.
   */
  public IssuedCertificate issue(String host, CertificateKind kind) {
    KeyPair keys = newKeyPair();
    Instant now = clock.instant();
    Instant notBefore = now.minus(BACKDATE);
    Instant notAfter = now.plus(LEAF_LIFETIME);
    if (kind == CertificateKind.EXPIRED) {
      notBefore = now.minus(Duration.ofDays(400));
      notAfter = now.minus(Duration.ofDays(30));
    }
    String dnsName = kind == CertificateKind.WRONG_NAME ? "wrong-name.invalid" : host;
    X500Name subject = new X500Name("CN=" + dnsName);
    boolean selfSigned = kind == CertificateKind.SELF_SIGNED;
    X500Name issuer =
        selfSigned ? subject : X500Name.getInstance(root.getSubjectX500Principal().getEncoded());
    KeyPair signer = selfSigned ? keys : rootKeys;
    X509Certificate leaf =
        sign(
            new JcaX509v3CertificateBuilder(
                issuer,
                serial(),
                Date.from(notBefore),
                Date.from(notAfter),
                subject,
                keys.getPublic()),
            signer,
            builder -> {
              builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
              builder.addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
              builder.addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
              // RFC 6125 §6.4.4: clients match the SAN dNSName, not the CN.
              builder.addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
              builder.addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions().createSubjectKeyIdentifier(keys.getPublic()));
              PublicKey authority = signer.getPublic();
              builder.addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions().createAuthorityKeyIdentifier(authority));
            });
    List<X509Certificate> chain = selfSigned ? List.of(leaf) : List.of(leaf, root);
    return new IssuedCertificate(host, kind, keys.getPrivate(), chain);
  }

  /** Certificates in PEM, one after the other. */
  public static String pem(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private interface Extensions {
    void add(X509v3CertificateBuilder builder) throws IOException;
  }

  private static X509Certificate sign(
      X509v3CertificateBuilder builder, KeyPair signer, Extensions extensions) {
    try {
      extensions.add(builder);
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a lab certificate", e);
    }
  }

  private static JcaX509ExtensionUtils extensions() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 unavailable for key identifiers", e);
    }
  }

  private BigInteger serial() {
    return new BigInteger(64, random).add(BigInteger.ONE);
  }

  private KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 unavailable", e);
    }
  }
}
