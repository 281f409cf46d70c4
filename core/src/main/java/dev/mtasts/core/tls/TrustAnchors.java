package dev.mtasts.core.tls;

import dev.mtasts.core.FileFailure;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The root certificates a sender trusts (RFC 8461 §3.3: "a set of trusted CAs similar to those in
 * widely deployed web browsers and operating systems"): the JDK's default trust store, optionally
 * plus extra CA certificates from a PEM file ({@code --ca-file}, e.g. the lab's own CA). Immutable.
 */
public final class TrustAnchors {

  /** A PEM file holds more than this: refuse it rather than read without bound. */
  static final long MAX_PEM_FILE_BYTES = 16L * 1024 * 1024;

  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private final List<X509Certificate> certificates;
  private final Set<TrustAnchor> anchors;

  private TrustAnchors(Collection<X509Certificate> certificates) {
    this.certificates = List.copyOf(new LinkedHashSet<>(certificates));
    Set<TrustAnchor> set = new LinkedHashSet<>();
    this.certificates.forEach(c -> set.add(new TrustAnchor(c, null)));
    this.anchors = Set.copyOf(set);
  }

  /** Exactly these roots and nothing else (tests, or a sender with a private PKI). */
  public static TrustAnchors of(Collection<X509Certificate> roots) {
    return new TrustAnchors(roots);
  }

  /**
   * The JDK's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore} when set).
   *
   * @throws IllegalStateException if the JDK has no usable default trust store (a broken install)
   */
  public static TrustAnchors jdkDefault() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      List<X509Certificate> roots = new ArrayList<>();
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          roots.addAll(List.of(x509.getAcceptedIssuers()));
        }
      }
      return new TrustAnchors(roots);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK default trust store cannot be loaded", e);
    }
  }

  /** The JDK default trust store plus the CA certificates in {@code caFile}. */
  public static ParseResult<TrustAnchors> jdkDefaultPlus(Path caFile) {
    return readPemFile(caFile).map(extra -> jdkDefault().plus(extra));
  }

  /** These anchors plus {@code more}. */
  public TrustAnchors plus(Collection<X509Certificate> more) {
    List<X509Certificate> all = new ArrayList<>(certificates);
    all.addAll(more);
    return new TrustAnchors(all);
  }

  /** The anchors for PKIX validation; never empty unless built from nothing. */
  public Set<TrustAnchor> anchors() {
    return anchors;
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }

  /**
   * A TLS client context that trusts these roots and nothing else (PKIX); the caller still sets the
   * protocol versions and the host name check on each socket.
   */
  public SSLContext sslContext() {
    try {
      KeyStore roots = KeyStore.getInstance("PKCS12");
      roots.load(null, null);
      int i = 0;
      for (X509Certificate root : certificates) {
        roots.setCertificateEntry("root-" + i++, root);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
      trust.init(roots);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS with the trusted roots", e);
    }
  }

  /**
   * Reads every {@code CERTIFICATE} block of a PEM file. Errors name the file and the line of the
   * bad block: {@code CA_FILE_UNREADABLE}, {@code CA_FILE_TOO_LARGE}, {@code CA_FILE_EMPTY} (no
   * certificate at all), {@code CA_FILE_INVALID} (bad Base64, unterminated block, not a
   * certificate).
   */
  public static ParseResult<List<X509Certificate>> readPemFile(Path file) {
    try {
      if (Files.size(file) > MAX_PEM_FILE_BYTES) {
        return ParseResult.err(
            Problem.of(
                "CA_FILE_TOO_LARGE",
                file
                    + ": larger than "
                    + MAX_PEM_FILE_BYTES
                    + " bytes; not a CA certificate file"));
      }
      return readPem(Files.readString(file, StandardCharsets.ISO_8859_1), file.toString());
    } catch (IOException e) {
      return ParseResult.err(Problem.of("CA_FILE_UNREADABLE", FileFailure.message(file, e)));
    }
  }

  /** Reads every {@code CERTIFICATE} block of PEM text; {@code source} names it in messages. */
  public static ParseResult<List<X509Certificate>> readPem(String pem, String source) {
    List<X509Certificate> found = new ArrayList<>();
    List<Problem> errors = new ArrayList<>();
    String[] lines = pem.split("\r?\n", -1);
    int i = 0;
    while (i < lines.length) {
      if (!lines[i].strip().equals(BEGIN)) {
        i++;
        continue;
      }
      int startLine = i + 1;
      StringBuilder base64 = new StringBuilder();
      i++;
      while (i < lines.length && !lines[i].strip().equals(END)) {
        base64.append(lines[i].strip());
        i++;
      }
      if (i == lines.length) {
        errors.add(
            Problem.at(
                "CA_FILE_INVALID", source + ": certificate block has no END line", startLine, 1));
        break;
      }
      i++;
      try {
        byte[] der = Base64.getDecoder().decode(base64.toString());
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        found.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (IllegalArgumentException e) {
        errors.add(
            Problem.at("CA_FILE_INVALID", source + ": block is not valid Base64", startLine, 1));
      } catch (CertificateException e) {
        errors.add(
            Problem.at(
                "CA_FILE_INVALID",
                source + ": block is not an X.509 certificate (" + e.getMessage() + ")",
                startLine,
                1));
      }
    }
    if (errors.isEmpty() && found.isEmpty()) {
      errors.add(
          Problem.of(
              "CA_FILE_EMPTY",
              source + ": no '" + BEGIN + "' block found; expected PEM CA certificates"));
    }
    return errors.isEmpty()
        ? ParseResult.ok(List.copyOf(found))
        : ParseResult.err(errors, List.of());
  }
}
