package dev.mtasts.app.sending;

import dev.mtasts.app.relay.RelayConfig;
import dev.mtasts.app.relay.RelayTls;
import dev.mtasts.app.sending.delivery.ReportSender;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** What the sending tests share: a config in a directory, DKIM keys, the sender over it. */
public final class SendingLab {

  private SendingLab() {}

  /** A fresh key pair, {@code RSA} (2048 bits) or {@code Ed25519}. */
  public static KeyPair keys(String algorithm) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("RSA")) {
        g.initialize(2048);
      }
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The DKIM key record of {@code pair} (RFC 6376 §3.6.1, RFC 8463 §4.2 for Ed25519). */
  public static String dkimRecord(KeyPair pair) {
    byte[] encoded = pair.getPublic().getEncoded();
    if (pair.getPublic().getAlgorithm().startsWith("Ed")) {
      // the raw 32-byte key, without the SubjectPublicKeyInfo prefix (12 bytes)
      byte[] raw = java.util.Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
      return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw);
    }
    return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(encoded);
  }

  /** Writes the private key as PKCS#8 PEM into {@code dir} and returns its path. */
  public static Path keyFile(Path dir, KeyPair pair) {
    Path file = dir.resolve("dkim-" + pair.getPrivate().getAlgorithm() + ".key");
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    try {
      Files.writeString(file, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A config for submitter {@code example.net}, signing with {@code key}, via {@code relay}. */
  public static ReportingConfig config(
      Path dir, Path key, InetSocketAddress relay, boolean onlyFailures, List<String> suppress) {
    return new ReportingConfig(
        Optional.empty(),
        Optional.empty(),
        dir,
        Optional.empty(),
        "Example Mail",
        Optional.of("mailto:tlsrpt@example.net"),
        "example.net",
        "noreply-smtp-tls-reporting@example.net",
        new ReportingConfig.Signing.Own("example.net", "tlsrpt", key),
        new ReportingConfig.Transport.Relay(
            new RelayConfig(
                "tlsrpt_reporting.smtp",
                relay.getHostString(),
                relay.getPort(),
                RelayTls.NONE,
                Optional.empty())),
        onlyFailures,
        ReportingConfig.Schedule.DEFAULT,
        suppress,
        3);
  }

  /** The production sender over {@code database}, with {@code dns} and extra trusted roots. */
  public static ReportSender sender(
      ReportingConfig config,
      SendingDatabase database,
      DnsResolver dns,
      TrustAnchors anchors,
      boolean allowPrivate,
      Clock clock) {
    return SendingService.sender(config, database, dns, anchors, allowPrivate, clock);
  }
}
