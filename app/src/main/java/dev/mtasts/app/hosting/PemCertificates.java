package dev.mtasts.app.hosting;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Certificates from PEM files as certbot and most CAs write them: the chain (leaf first) and the
 * private key (PKCS#8 {@code PRIVATE KEY}, or {@code RSA}/{@code EC PRIVATE KEY}). A key that does
 * not belong to the leaf is refused, so that a half-renewed pair never replaces a working one.
 */
public final class PemCertificates implements CertificateSupply {

  @Override
  public Optional<ServedCertificate> current(HostedDomain domain)
      throws IOException, GeneralSecurityException {
    if (domain.certificate() instanceof CertificateSource.PemFiles pem) {
      return Optional.of(read(pem.cert(), pem.key()));
    }
    return Optional.empty();
  }

  /** Reads a chain and its key, and checks that the key is the leaf's. */
  public static ServedCertificate read(Path chainFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain;
    try (InputStream in = Files.newInputStream(chainFile)) {
      chain =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (NoSuchFileException e) {
      throw new IOException(chainFile + ": no such file", e);
    } catch (CertificateException e) {
      throw new GeneralSecurityException(
          chainFile + " is not a PEM certificate chain: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(chainFile + " holds no certificate");
    }
    PrivateKey key;
    try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(r)) {
      Object o = pem.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      key =
          switch (o) {
            case PrivateKeyInfo info -> converter.getPrivateKey(info);
            case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
            case null, default ->
                throw new GeneralSecurityException(
                    keyFile + " holds no unencrypted private key in PEM");
          };
    } catch (NoSuchFileException e) {
      throw new IOException(keyFile + ": no such file", e);
    }
    ServedCertificate served = new ServedCertificate(key, chain);
    if (!keyMatches(served)) {
      throw new GeneralSecurityException(
          keyFile + " is not the private key of the first certificate in " + chainFile);
    }
    return served;
  }

  /** Signs a random message with the key and verifies it with the leaf's public key. */
  private static boolean keyMatches(ServedCertificate c) throws GeneralSecurityException {
    String algorithm =
        switch (c.key().getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default ->
              throw new GeneralSecurityException(
                  "unsupported private key algorithm " + c.key().getAlgorithm());
        };
    byte[] message = new byte[32];
    new SecureRandom().nextBytes(message);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(c.key());
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    try {
      verifier.initVerify(c.leaf().getPublicKey());
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
