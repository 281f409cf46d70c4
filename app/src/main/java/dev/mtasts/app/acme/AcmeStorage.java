package dev.mtasts.app.acme;

import dev.mtasts.app.hosting.ServedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME files under {@code <data>/acme/}: one account key per ACME directory ({@code
 * account-<hash>.key}, the account itself is found again by its key, RFC 8555 §7.3.1) and, per
 * host, {@code <host>/key.pem} and {@code <host>/chain.pem}. Directories are 0700, files 0600, each
 * written to a temporary file and moved into place, so a crash leaves the old file or the new one,
 * never half of one.
 */
public final class AcmeStorage {

  private static final Logger LOG = LoggerFactory.getLogger("mtasts.acme");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private final Path root;

  /** The ACME files of the {@code serve} whose data directory is {@code data}. */
  public AcmeStorage(Path data) {
    this.root = data.resolve("acme");
  }

  /** {@code <data>/acme}. */
  public Path root() {
    return root;
  }

  /** The account key for {@code directory}, made and saved the first time it is asked for. */
  public KeyPair accountKey(String directory) throws IOException {
    Path file = root.resolve("account-" + shortHash(directory) + ".key");
    Optional<KeyPair> existing = readKeyPair(file);
    if (existing.isPresent()) {
      return existing.get();
    }
    KeyPair created = KeyPairs.p256();
    write(file, pem(created));
    LOG.info("acme: created the account key {} for {}", file, directory);
    return created;
  }

  /** The stored certificate of {@code host}, when both files are there and belong together. */
  public Optional<ServedCertificate> certificate(String host) throws IOException {
    Path dir = hostDirectory(host);
    Optional<KeyPair> key = readKeyPair(dir.resolve("key.pem"));
    if (key.isEmpty()) {
      return Optional.empty();
    }
    List<X509Certificate> chain;
    try (InputStream in = Files.newInputStream(dir.resolve("chain.pem"))) {
      chain =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (CertificateException e) {
      throw new IOException(dir.resolve("chain.pem") + " holds no readable certificate", e);
    }
    if (chain.isEmpty()
        || !Arrays.equals(
            chain.getFirst().getPublicKey().getEncoded(), key.get().getPublic().getEncoded())) {
      LOG.warn("acme: {} and its key.pem do not belong together; a new one will be obtained", dir);
      return Optional.empty();
    }
    return Optional.of(new ServedCertificate(key.get().getPrivate(), chain));
  }

  /** Saves {@code host}'s new key and chain (the key first: a chain never names a missing key). */
  public void saveCertificate(String host, KeyPair key, List<X509Certificate> chain)
      throws IOException {
    Path dir = hostDirectory(host);
    write(dir.resolve("key.pem"), pem(key));
    write(dir.resolve("chain.pem"), pem(chain));
  }

  private Path hostDirectory(String host) {
    if (!host.matches("[a-z0-9.-]+") || host.startsWith(".") || host.contains("..")) {
      throw new IllegalArgumentException("not a host name for a file: " + host);
    }
    return root.resolve(host);
  }

  /** A private key and its {@code PUBLIC KEY}, or an {@code RSA/EC PRIVATE KEY} holding both. */
  private static Optional<KeyPair> readKeyPair(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(in)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      PrivateKey privateKey = null;
      PublicKey publicKey = null;
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        switch (o) {
          case PEMKeyPair pair -> {
            // an EC PRIVATE KEY may hold its public key, or not
            privateKey = converter.getPrivateKey(pair.getPrivateKeyInfo());
            if (pair.getPublicKeyInfo() != null) {
              publicKey = converter.getPublicKey(pair.getPublicKeyInfo());
            }
          }
          case PrivateKeyInfo info -> privateKey = converter.getPrivateKey(info);
          case SubjectPublicKeyInfo info -> publicKey = converter.getPublicKey(info);
          default -> {
            // anything else in the file is not ours to read
          }
        }
      }
      if (privateKey == null || publicKey == null) {
        throw new IOException("no private key and public key in PEM");
      }
      return Optional.of(new KeyPair(publicKey, privateKey));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + " holds no readable key pair: " + e.getMessage(), e);
    }
  }

  private void write(Path file, String content) throws IOException {
    createPrivateDirectory(root);
    createPrivateDirectory(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.setPosixFilePermissions(temp, FILE);
      Files.writeString(temp, content, StandardCharsets.US_ASCII);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } catch (FileAlreadyExistsException e) {
      // made before: keep it private all the same
    }
    Files.setPosixFilePermissions(dir, DIRECTORY);
  }

  /** PKCS#8 and the public key beside it: the JDK's EC PKCS#8 form does not hold the latter. */
  private static String pem(KeyPair pair) throws IOException {
    StringWriter out = new StringWriter();
    // PemObject as is: the PEM writer would turn PKCS#8 EC into an EC PRIVATE KEY without curve
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("PRIVATE KEY", pair.getPrivate().getEncoded()));
      writer.writeObject(new PemObject("PUBLIC KEY", pair.getPublic().getEncoded()));
    }
    return out.toString();
  }

  private static String pem(List<X509Certificate> chain) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : chain) {
        writer.writeObject(certificate);
      }
    }
    return out.toString();
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
