package dev.mtasts.core.probe;

import dev.mtasts.core.probe.ProbeError.Code;
import dev.mtasts.core.tls.Deadline;
import dev.mtasts.core.tls.TlsClients;
import dev.mtasts.core.tls.TlsClients.Versions;
import dev.mtasts.core.tls.TlsSessionFacts;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * Probes one MX host at one address the way a sending MTA meets it (RFC 5321, RFC 3207): greeting,
 * EHLO, STARTTLS when offered, a TLS 1.2+ handshake with SNI set to the MX host (RFC 8461 §4.2,
 * §7.2), then QUIT. The presented chain is assessed for the MX host name. Thread-safe.
 */
public final class SmtpProbe {

  private final ProbeSettings settings;
  private final TrustAnchors anchors;
  private final Clock clock;

  public SmtpProbe(ProbeSettings settings, TrustAnchors anchors, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.anchors = Objects.requireNonNull(anchors, "anchors");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Probes {@code mxHost} at {@code address}. Never throws for network or server behaviour. */
  public ProbeResult probe(String mxHost, InetAddress address) {
    long start = System.nanoTime();
    Deadline deadline = Deadline.after(settings.totalTimeout());
    Facts facts = new Facts();
    try (Socket socket = new Socket()) {
      connect(socket, address, deadline);
      facts.connected = true;
      facts.connectTime = Duration.ofNanos(System.nanoTime() - start);
      converse(socket, mxHost, deadline, facts);
    } catch (SocketTimeoutException e) {
      facts.fail(Code.TIMEOUT, facts.connected ? "no reply in time" : "connect timed out");
    } catch (SmtpProtocolException e) {
      facts.fail(e.closed() ? Code.CLOSED : Code.PROTOCOL_ERROR, e.getMessage());
    } catch (IOException e) {
      facts.fail(facts.connected ? Code.CLOSED : Code.UNREACHABLE, String.valueOf(e.getMessage()));
    }
    if (facts.handshakeFailure != null) {
      // RFC 8996 deprecates TLS 1.0/1.1; a second connection tells "old TLS only" apart.
      String reason =
          TlsClients.legacyProtocolsUsable()
              ? facts.handshakeFailure
              : facts.handshakeFailure
                  + " (TLS 1.0/1.1 not tried: disabled in this process before"
                  + " TlsClients.allowLegacyProtocols() ran)";
      facts.tls = new TlsOutcome.Failed(reason, legacyProtocol(mxHost, address, deadline));
    }
    return new ProbeResult(
        mxHost,
        address,
        settings.port(),
        facts.connected,
        Optional.ofNullable(facts.greeting),
        Optional.ofNullable(facts.ehlo),
        facts.extensions,
        Optional.ofNullable(facts.starttlsReply),
        facts.tls,
        Optional.ofNullable(facts.error),
        facts.connectTime,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** The main conversation; records what it learns in {@code facts} as it goes. */
  private void converse(Socket socket, String mxHost, Deadline deadline, Facts facts)
      throws IOException, SmtpProtocolException {
    Smtp smtp = new Smtp(socket, deadline);
    if (!smtp.untilStarttls(facts)) {
      smtp.quit();
      return;
    }
    SSLSocket tls;
    // Read timeouts cannot bound a trickled handshake: the deadline closes the socket.
    Deadline.Watch watch = deadline.closeWhenSpent(socket);
    try {
      socket.setSoTimeout(deadline.nextTimeoutMillis(settings.readTimeout()));
      tls = TlsClients.handshake(socket, mxHost, Versions.MODERN);
    } catch (IOException e) {
      if (e instanceof SocketTimeoutException || deadline.spent()) {
        facts.tls = new TlsOutcome.Failed("the TLS handshake timed out", Optional.empty());
        facts.fail(Code.TIMEOUT, "the TLS handshake timed out");
      } else {
        facts.handshakeFailure = String.valueOf(e.getMessage());
        facts.fail(Code.TLS_FAILED, facts.handshakeFailure);
      }
      return;
    } finally {
      watch.close();
    }
    facts.tls = new TlsOutcome.Negotiated(TlsSessionFacts.of(tls, mxHost, anchors, clock));
    new Smtp(tls, deadline).quit();
  }

  /**
   * A second connection offering only TLS 1.0 and 1.1: the protocol negotiated, or empty when that
   * fails too (or anything before it does).
   */
  private Optional<String> legacyProtocol(String mxHost, InetAddress address, Deadline deadline) {
    try (Socket socket = new Socket()) {
      connect(socket, address, deadline);
      if (!new Smtp(socket, deadline).untilStarttls(new Facts())) {
        return Optional.empty();
      }
      socket.setSoTimeout(deadline.nextTimeoutMillis(settings.readTimeout()));
      SSLSocket tls;
      Deadline.Watch watch = deadline.closeWhenSpent(socket);
      try {
        tls = TlsClients.handshake(socket, mxHost, Versions.LEGACY_DIAGNOSTIC);
      } finally {
        watch.close();
      }
      String protocol = tls.getSession().getProtocol();
      new Smtp(tls, deadline).quit();
      return Optional.of(protocol);
    } catch (IOException | SmtpProtocolException e) {
      return Optional.empty();
    }
  }

  private void connect(Socket socket, InetAddress address, Deadline deadline) throws IOException {
    socket.connect(
        new InetSocketAddress(address, settings.port()),
        deadline.nextTimeoutMillis(settings.connectTimeout()));
  }

  /** The SMTP commands of a probe over one (plain or TLS) socket. */
  private final class Smtp {
    private final SmtpReplyReader replies;
    private final OutputStream out;

    Smtp(Socket socket, Deadline deadline) throws IOException {
      // Unbuffered on purpose: nothing the server sends after "220" to STARTTLS may be swallowed
      // before the TLS layer takes over the socket (RFC 3207 §4.2, the STARTTLS injection class).
      this.replies =
          new SmtpReplyReader(
              deadline.guard(socket, socket.getInputStream(), settings.readTimeout()),
              settings.maxReplyBytes());
      this.out = socket.getOutputStream();
    }

    /**
     * Greeting, EHLO, STARTTLS. True when the server said 220 to STARTTLS and TLS may begin; false
     * (with the reason in {@code facts}) when it did not offer it or refused.
     */
    boolean untilStarttls(Facts facts) throws IOException, SmtpProtocolException {
      facts.greeting = replies.read();
      if (facts.greeting.code() != 220) {
        facts.fail(Code.GREETING_REFUSED, "greeting " + facts.greeting.text());
        return false;
      }
      facts.ehlo = command("EHLO " + settings.ehloName());
      if (facts.ehlo.code() != 250) {
        facts.fail(Code.EHLO_REFUSED, "EHLO answered " + facts.ehlo.text());
        return false;
      }
      // RFC 5321 §4.1.1.1: ehlo-line = ehlo-keyword *( SP ehlo-param ); the first line is the
      // server's name.
      facts.extensions =
          facts.ehlo.lines().stream()
              .skip(1)
              .map(line -> line.strip().split("[ =]", 2)[0].toUpperCase(Locale.ROOT))
              .filter(k -> !k.isEmpty())
              .toList();
      if (!facts.extensions.contains("STARTTLS")) {
        return false;
      }
      facts.starttlsReply = command("STARTTLS");
      if (facts.starttlsReply.code() != 220) {
        facts.fail(Code.STARTTLS_REFUSED, "STARTTLS answered " + facts.starttlsReply.text());
        return false;
      }
      return true;
    }

    SmtpReply command(String line) throws IOException, SmtpProtocolException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return replies.read();
    }

    /** RFC 5321 §4.1.1.10; the answer does not matter, so failures are ignored. */
    void quit() {
      try {
        command("QUIT");
      } catch (IOException | SmtpProtocolException ignored) {
        // The facts are gathered; a server that drops the connection at QUIT changes nothing.
      }
    }
  }

  /** What the conversation has learned so far. */
  private static final class Facts {
    boolean connected;
    Duration connectTime = Duration.ZERO;
    SmtpReply greeting;
    SmtpReply ehlo;
    List<String> extensions = List.of();
    SmtpReply starttlsReply;
    TlsOutcome tls = new TlsOutcome.NotAttempted();
    String handshakeFailure;
    ProbeError error;

    void fail(Code code, String detail) {
      if (error == null) {
        error = new ProbeError(code, detail);
      }
    }
  }
}
