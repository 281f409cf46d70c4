package dev.mtasts.core.probe;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts of one probe of one MX host at one address.
 *
 * @param mxHost the MX host name (SNI and the name the certificate must cover)
 * @param connected whether the TCP connection was made
 * @param greeting the server's greeting, if one was read
 * @param ehlo the reply to EHLO, if one was read
 * @param extensions the EHLO keywords, upper case (RFC 5321 §4.1.1.1), e.g. {@code STARTTLS}
 * @param starttlsReply the reply to STARTTLS, when it was sent
 * @param tls what became of TLS
 * @param error why the conversation stopped early or failed, if it did
 * @param connectTime how long the TCP connection took
 * @param totalTime how long the whole probe took (the diagnostic connection included)
 */
public record ProbeResult(
    String mxHost,
    InetAddress address,
    int port,
    boolean connected,
    Optional<SmtpReply> greeting,
    Optional<SmtpReply> ehlo,
    List<String> extensions,
    Optional<SmtpReply> starttlsReply,
    TlsOutcome tls,
    Optional<ProbeError> error,
    Duration connectTime,
    Duration totalTime) {

  public ProbeResult {
    Objects.requireNonNull(tls, "tls");
    extensions = List.copyOf(extensions);
  }

  public boolean ehloOk() {
    return ehlo.map(r -> r.code() == 250).orElse(false);
  }

  /** RFC 3207 §4: the server lists STARTTLS among its EHLO extensions. */
  public boolean starttlsOffered() {
    return extensions.contains("STARTTLS");
  }
}
