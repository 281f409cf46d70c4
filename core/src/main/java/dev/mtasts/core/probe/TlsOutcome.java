package dev.mtasts.core.probe;

import dev.mtasts.core.tls.TlsSessionFacts;
import java.util.Objects;
import java.util.Optional;

/** What became of TLS on an SMTP connection. */
public sealed interface TlsOutcome {

  /** STARTTLS was not offered, refused, or the conversation ended before it. */
  record NotAttempted() implements TlsOutcome {}

  /** A TLS 1.2+ handshake completed. */
  record Negotiated(TlsSessionFacts session) implements TlsOutcome {
    public Negotiated {
      Objects.requireNonNull(session, "session");
    }
  }

  /**
   * The TLS 1.2+ handshake failed.
   *
   * @param reason what the TLS layer said
   * @param oldProtocol the protocol a second, diagnostic handshake offering only TLS 1.0/1.1
   *     negotiated: present when the server speaks nothing newer than TLS 1.1 (RFC 8996, RFC 8461
   *     §7.2)
   */
  record Failed(String reason, Optional<String> oldProtocol) implements TlsOutcome {
    public Failed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(oldProtocol, "oldProtocol");
    }

    /** True when the server speaks only TLS 1.0 or 1.1. */
    public boolean oldTlsOnly() {
      return oldProtocol.isPresent();
    }
  }
}
