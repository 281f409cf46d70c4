package dev.mtasts.app.sending.delivery;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * Reads the DKIM private key of {@code tlsrpt_reporting.dkim.key_file}: PEM, PKCS#8 ({@code PRIVATE
 * KEY}, RSA or Ed25519) or PKCS#1 ({@code RSA PRIVATE KEY}, as {@code opendkim-genkey} writes it),
 * as a JDK key the core's DkimSigner takes.
 */
public final class DkimKeyFile {

  private DkimKeyFile() {}

  /**
   * @throws IOException when the file cannot be read
   * @throws GeneralSecurityException when it holds no unencrypted RSA or Ed25519 private key
   */
  public static PrivateKey read(Path file) throws IOException, GeneralSecurityException {
    Object pem;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      pem = parser.readObject();
    }
    PrivateKeyInfo info =
        switch (pem) {
          case PrivateKeyInfo i -> i;
          case PEMKeyPair pair -> pair.getPrivateKeyInfo();
          case null, default ->
              throw new GeneralSecurityException(file + " holds no unencrypted private key in PEM");
        };
    String algorithm =
        info.getPrivateKeyAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519)
            ? "Ed25519"
            : "RSA";
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
  }
}
