package dev.mtasts.app.acme;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pending TLS-ALPN-01 challenges (RFC 8737 §3): per host, the self-signed certificate with the
 * acmeIdentifier extension that a handshake offering only {@code acme-tls/1} with that host's SNI
 * must be shown. Armed by the issuer while the ACME server validates, disarmed right after.
 */
public final class TlsAlpnChallenges {

  /** The ALPN protocol of the validation handshake (RFC 8737 §6.2). */
  public static final String ACME_TLS_1 = "acme-tls/1";

  /** A validation certificate and its key. */
  public record Response(KeyPair key, X509Certificate certificate) {}

  private final Map<String, Response> pending = new ConcurrentHashMap<>();

  /** Answers validation handshakes for {@code host} with {@code response} until disarmed. */
  public void arm(String host, Response response) {
    pending.put(normalise(host), response);
  }

  /** Stops answering for {@code host}. */
  public void disarm(String host) {
    pending.remove(normalise(host));
  }

  /** The response for {@code host}, while its challenge is pending. */
  public Optional<Response> find(String host) {
    return Optional.ofNullable(pending.get(normalise(host)));
  }

  private static String normalise(String host) {
    return host.toLowerCase(Locale.ROOT);
  }
}
