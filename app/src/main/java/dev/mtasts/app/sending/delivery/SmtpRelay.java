package dev.mtasts.app.sending.delivery;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * {@code smtp: {relay: HOST:PORT}}: report mail goes to the relay (an MTA the operator runs, which
 * must deliver it without applying MTA-STS or DANE to it, RFC 8460 §5.3) over SMTP (Angus Mail).
 * The message's bytes are sent as they are, so that its DKIM signature holds. A 5xx reply is a
 * failure not worth retrying; anything else that fails is retried.
 */
public final class SmtpRelay implements MailTransport {

  private final InetSocketAddress relay;
  private final String heloName;
  private final Duration timeout;

  public SmtpRelay(InetSocketAddress relay, String heloName, Duration timeout) {
    this.relay = relay;
    this.heloName = heloName;
    this.timeout = timeout;
  }

  @Override
  public Outcome send(String from, String to, byte[] message) {
    Address recipient;
    try {
      recipient = new InternetAddress(to, true);
    } catch (AddressException e) {
      return new Outcome.Refused("not a mail address: " + to);
    }
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", relay.getHostString());
    p.setProperty("mail.smtp.port", Integer.toString(relay.getPort()));
    p.setProperty("mail.smtp.from", from);
    p.setProperty("mail.smtp.localhost", heloName);
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(timeout.toMillis()));
    p.setProperty("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
    Session session = Session.getInstance(p);
    try (Transport transport = session.getTransport("smtp")) {
      MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(message));
      transport.connect();
      transport.sendMessage(mime, new Address[] {recipient});
      return new Outcome.Delivered(
          "relay " + relay.getHostString() + ":" + relay.getPort() + " accepted it");
    } catch (SMTPAddressFailedException e) {
      return failed(e.getReturnCode(), e.getMessage());
    } catch (SMTPSendFailedException e) {
      return failed(e.getReturnCode(), e.getMessage());
    } catch (MessagingException e) {
      Exception next = e.getNextException();
      if (next instanceof SMTPAddressFailedException a) {
        return failed(a.getReturnCode(), a.getMessage());
      }
      String reason = next == null ? e.getMessage() : e.getMessage() + ": " + next.getMessage();
      return new Outcome.Failed(
          "relay " + relay.getHostString() + ":" + relay.getPort() + ": " + oneLine(reason), true);
    }
  }

  private Outcome failed(int code, String message) {
    return new Outcome.Failed(
        "relay " + relay.getHostString() + ":" + relay.getPort() + " answered " + oneLine(message),
        code < 500 || code > 599);
  }

  private static String oneLine(String s) {
    return String.valueOf(s).replaceAll("\\s+", " ").strip();
  }
}
