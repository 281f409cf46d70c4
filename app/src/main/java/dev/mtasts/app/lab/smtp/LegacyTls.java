package dev.mtasts.app.lab.smtp;

import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Lets this process speak TLS 1.0 and 1.1, which the JDK disables through the {@code
 * jdk.tls.disabledAlgorithms} security property (RFC 8996 deprecated both).
 *
 * <p>Why: the lab's {@code mx-old-tls.test} must be an MX that speaks nothing newer than TLS 1.1,
 * so that a checker can see and report it (MX_TLS_VERSION_OLD). The JDK applies the property to
 * every TLS context of the process and reads it once, when its TLS classes first load, so there is
 * no per-context switch: the lab lifts it for its own process, as early as it can, and removes only
 * the entries TLS 1.0/1.1 need (the protocol names and SHA-1 handshake signatures, which those
 * versions' ECDSA key exchange uses). Every other lab server still enables only TLS 1.2 and 1.3
 * explicitly.
 */
public final class LegacyTls {

  /** The protocols the old-TLS MX enables. */
  public static final List<String> OLD_PROTOCOLS = List.of("TLSv1.1", "TLSv1");

  private static final String PROPERTY = "jdk.tls.disabledAlgorithms";

  private LegacyTls() {}

  /**
   * Removes TLS 1.0/1.1 from the disabled algorithms of this process. Returns whether they are now
   * usable: false when the JDK's TLS classes had already loaded with the old value.
   */
  public static synchronized boolean enable() {
    String disabled = Security.getProperty(PROPERTY);
    if (disabled != null) {
      String lifted =
          Arrays.stream(disabled.split(","))
              .map(String::trim)
              .filter(entry -> !isLegacyEntry(entry))
              .collect(Collectors.joining(", "));
      Security.setProperty(PROPERTY, lifted);
    }
    return usable();
  }

  /** Whether a TLS context of this process will negotiate TLS 1.1. */
  public static boolean usable() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      return Arrays.asList(context.getDefaultSSLParameters().getProtocols()).contains("TLSv1.1");
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean isLegacyEntry(String entry) {
    return entry.equals("TLSv1")
        || entry.equals("TLSv1.1")
        || entry.equals("rsa_pkcs1_sha1 usage HandshakeSignature")
        || entry.equals("ecdsa_sha1 usage HandshakeSignature");
  }
}
