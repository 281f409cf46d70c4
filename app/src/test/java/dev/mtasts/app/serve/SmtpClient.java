package dev.mtasts.app.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A plain SMTP client over a socket (RFC 5321), for tests on loopback. */
final class SmtpClient implements AutoCloseable {

  private Socket socket;
  private BufferedReader in;
  private OutputStream out;

  SmtpClient(InetSocketAddress server) throws IOException {
    socket = new Socket(server.getAddress(), server.getPort());
    socket.setSoTimeout(30_000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
    expect(reply(), "220");
  }

  /** Sends one command line and returns the whole reply (continuation lines joined by \n). */
  String command(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return reply();
  }

  /** Sends a message after DATA's 354: dot-stuffed (RFC 5321 §4.5.2), ended by CRLF.CRLF. */
  String message(byte[] message) throws IOException {
    expect(command("DATA"), "354");
    String text = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    StringBuilder wire = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      wire.append(line.startsWith(".") ? "." + line : line).append("\r\n");
    }
    wire.append(".\r\n");
    out.write(wire.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return reply();
  }

  /** STARTTLS (RFC 3207) and the handshake; returns the negotiated protocol. */
  String startTls(SSLContext tls) throws IOException {
    expect(command("STARTTLS"), "220");
    SSLSocket secure =
        (SSLSocket)
            tls.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
    secure.startHandshake();
    socket = secure;
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
    return secure.getSession().getProtocol();
  }

  /** EHLO, MAIL FROM, RCPT TO and the message; the reply to the end of data. */
  String send(String recipient, byte[] message) throws IOException {
    expect(command("EHLO client.test"), "250");
    expect(command("MAIL FROM:<reports@sender.example>"), "250");
    expect(command("RCPT TO:<" + recipient + ">"), "250");
    return message(message);
  }

  private String reply() throws IOException {
    StringBuilder all = new StringBuilder();
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("connection closed after: " + all);
      }
      all.append(all.isEmpty() ? "" : "\n").append(line);
    } while (line.length() > 3 && line.charAt(3) == '-');
    return all.toString();
  }

  static void expect(String reply, String code) throws IOException {
    if (!reply.startsWith(code)) {
      throw new IOException("expected " + code + ", got: " + reply);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      command("QUIT");
    } finally {
      socket.close();
    }
  }
}
