package dev.mtasts.app.lab.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One SMTP server session (RFC 5321 §4) with STARTTLS (RFC 3207): enough of the protocol to accept
 * real mail from a real MTA, with bounded lines and messages.
 */
final class SmtpSession {

  /** RFC 5321 §4.5.3.1.4: 512 octets per command line; we allow generous extensions. */
  private static final int MAX_COMMAND_LINE = 2048;

  /** RFC 5321 §4.5.3.1.6 says 1000 octets per text line; senders break that, so be lenient. */
  private static final int MAX_TEXT_LINE = 16_384;

  static final long MAX_MESSAGE_SIZE = 10L * 1024 * 1024;
  private static final int MAX_RECIPIENTS = 100;
  private static final Pattern PATH =
      Pattern.compile("^(FROM|TO):\\s*<([^<>]*)>(?:\\s.*)?$", Pattern.CASE_INSENSITIVE);

  private final SmtpHost host;
  private final MailSink sink;
  private final Clock clock;
  private Socket socket;
  private LineReader in;
  private OutputStream out;
  private Optional<SSLSession> tls = Optional.empty();
  private String helo;
  private String mailFrom;
  private final List<String> recipients = new ArrayList<>();

  SmtpSession(Socket socket, SmtpHost host, MailSink sink, Clock clock) throws IOException {
    this.host = host;
    this.sink = sink;
    this.clock = clock;
    use(socket);
  }

  private void use(Socket connection) throws IOException {
    this.socket = connection;
    this.in = new LineReader(connection.getInputStream(), MAX_COMMAND_LINE);
    this.out = connection.getOutputStream();
  }

  void run() throws IOException {
    reply("220 " + host.name() + " ESMTP mtasts lab");
    try {
      while (true) {
        LineReader.Line line = in.read();
        if (line == null) {
          return;
        }
        if (line.tooLong()) {
          reply("500 5.5.2 Line too long");
          continue;
        }
        if (!handle(line.text())) {
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      reply("421 4.4.2 " + host.name() + " Idle timeout, closing connection");
    }
  }

  /** Handles one command; false when the session is over. */
  private boolean handle(String line) throws IOException {
    int space = line.indexOf(' ');
    String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    String argument = space < 0 ? "" : line.substring(space + 1).trim();
    switch (verb) {
      case "EHLO" -> ehlo(argument);
      case "HELO" -> helo(argument);
      case "STARTTLS" -> {
        return startTls(argument);
      }
      case "MAIL" -> mail(argument);
      case "RCPT" -> rcpt(argument);
      case "DATA" -> {
        return data(argument);
      }
      case "RSET" -> {
        resetTransaction();
        reply("250 2.0.0 OK");
      }
      case "NOOP" -> reply("250 2.0.0 OK");
      case "VRFY" -> reply("252 2.5.2 Cannot VRFY user, but will accept message");
      case "QUIT" -> {
        reply("221 2.0.0 " + host.name() + " closing connection");
        return false;
      }
      default -> reply("500 5.5.2 Command not recognized");
    }
    return true;
  }

  private boolean offersStartTls() {
    return host.tls().isPresent() && tls.isEmpty();
  }

  private void ehlo(String argument) throws IOException {
    if (argument.isEmpty()) {
      reply("501 5.5.4 EHLO needs a domain or address literal");
      return;
    }
    helo = argument;
    resetTransaction();
    List<String> lines = new ArrayList<>();
    lines.add(host.name() + " greets " + argument);
    lines.add("SIZE " + MAX_MESSAGE_SIZE);
    lines.add("8BITMIME");
    lines.add("ENHANCEDSTATUSCODES");
    if (offersStartTls()) {
      lines.add("STARTTLS");
    }
    StringBuilder reply = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      reply.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i));
      reply.append(i == lines.size() - 1 ? "" : "\r\n");
    }
    reply(reply.toString());
  }

  private void helo(String argument) throws IOException {
    if (argument.isEmpty()) {
      reply("501 5.5.4 HELO needs a domain");
      return;
    }
    helo = argument;
    resetTransaction();
    reply("250 " + host.name());
  }

  /** RFC 3207 §4: the handshake starts after our 220; state from before it is forgotten (§4.2). */
  private boolean startTls(String argument) throws IOException {
    if (!offersStartTls()) {
      reply(
          tls.isPresent() ? "503 5.5.1 TLS already active" : "502 5.5.1 STARTTLS not offered here");
      return true;
    }
    if (!argument.isEmpty()) {
      reply("501 5.5.4 STARTTLS takes no argument");
      return true;
    }
    reply("220 2.0.0 Ready to start TLS");
    SSLSocket secured =
        (SSLSocket)
            host.tls()
                .orElseThrow()
                .getSocketFactory()
                .createSocket(socket, null, socket.getPort(), true);
    secured.setUseClientMode(false);
    secured.setEnabledProtocols(host.protocols().toArray(String[]::new));
    try {
      secured.startHandshake();
    } catch (IOException e) {
      return false; // the client gave up or we share no protocol: nothing more to say in clear
    }
    // A fresh reader drops anything the client pipelined before the handshake (RFC 3207 §4.2).
    use(secured);
    tls = Optional.of(secured.getSession());
    helo = null;
    resetTransaction();
    return true;
  }

  private void mail(String argument) throws IOException {
    if (helo == null) {
      reply("503 5.5.1 Send EHLO first");
      return;
    }
    if (mailFrom != null) {
      reply("503 5.5.1 Nested MAIL command");
      return;
    }
    Matcher path = PATH.matcher(argument);
    if (!path.matches() || !path.group(1).equalsIgnoreCase("FROM")) {
      reply("501 5.5.4 Syntax: MAIL FROM:<address>");
      return;
    }
    mailFrom = path.group(2);
    reply("250 2.1.0 OK");
  }

  private void rcpt(String argument) throws IOException {
    if (mailFrom == null) {
      reply("503 5.5.1 Need MAIL before RCPT");
      return;
    }
    Matcher path = PATH.matcher(argument);
    if (!path.matches() || !path.group(1).equalsIgnoreCase("TO") || path.group(2).isEmpty()) {
      reply("501 5.5.4 Syntax: RCPT TO:<address>");
      return;
    }
    if (recipients.size() >= MAX_RECIPIENTS) {
      reply("452 4.5.3 Too many recipients");
      return;
    }
    recipients.add(path.group(2));
    reply("250 2.1.5 OK");
  }

  private boolean data(String argument) throws IOException {
    if (!argument.isEmpty()) {
      reply("501 5.5.4 DATA takes no argument");
      return true;
    }
    if (recipients.isEmpty()) {
      reply("503 5.5.1 Need RCPT before DATA");
      return true;
    }
    reply("354 End data with <CR><LF>.<CR><LF>");
    LineReader text = in.withMaxLength(MAX_TEXT_LINE);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    boolean tooBig = false;
    while (true) {
      LineReader.Line line = text.read();
      if (line == null) {
        return false; // the connection ended inside DATA: the message is not accepted
      }
      byte[] bytes = line.bytes();
      if (bytes.length == 1 && bytes[0] == '.') {
        break;
      }
      // RFC 5321 §4.5.2: remove the leading dot a sender added to lines starting with one.
      int from = bytes.length > 0 && bytes[0] == '.' ? 1 : 0;
      tooBig |= line.tooLong() || content.size() + bytes.length > MAX_MESSAGE_SIZE;
      if (!tooBig) {
        content.write(bytes, from, bytes.length - from);
        content.write('\r');
        content.write('\n');
      }
    }
    if (tooBig) {
      resetTransaction();
      reply("552 5.3.4 Message too big or line too long");
      return true;
    }
    sink.accept(
        new ReceivedMessage(
            host.name(),
            helo,
            mailFrom,
            recipients,
            tls.isPresent(),
            tls.map(SSLSession::getProtocol).orElse(""),
            tls.map(SSLSession::getCipherSuite).orElse(""),
            clock.instant(),
            content.toByteArray()));
    resetTransaction();
    reply("250 2.0.0 OK message accepted");
    return true;
  }

  private void resetTransaction() {
    mailFrom = null;
    recipients.clear();
  }

  private void reply(String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
