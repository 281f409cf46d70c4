package dev.mtasts.app.alert;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.subethamail.smtp.server.SMTPServer;

/** An SMTP relay on 127.0.0.1 (subethasmtp) that keeps every message it accepts. */
final class SmtpSink implements AutoCloseable {

  /** One accepted message with its envelope. */
  record Mail(String from, String to, MimeMessage message) {}

  private final SMTPServer server;
  private final List<Mail> mails = new CopyOnWriteArrayList<>();

  SmtpSink() {
    Session session = Session.getInstance(new Properties());
    server =
        SMTPServer.port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .messageHandler(
                (context, from, to, data) -> {
                  try {
                    mails.add(
                        new Mail(
                            from, to, new MimeMessage(session, new ByteArrayInputStream(data))));
                  } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .build();
    server.start();
  }

  int port() {
    return server.getPortAllocated();
  }

  List<Mail> mails() {
    return List.copyOf(mails);
  }

  @Override
  public void close() {
    server.stop();
  }
}
