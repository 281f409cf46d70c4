package dev.mtasts.app.alert;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;

/**
 * Alerts as plain-text mail through an SMTP relay (docs/alerts.md), with STARTTLS when the relay
 * offers it. Marked {@code Auto-Submitted: auto-generated} (RFC 3834) so that no auto-reply answers
 * it.
 */
public final class EmailChannel implements AlertChannel {

  private static final int TIMEOUT_MS = 30_000;

  private final AlertConfig.Email config;
  private final Session session;
  private final Clock clock;

  public EmailChannel(AlertConfig.Email config, Clock clock) {
    this.config = config;
    this.clock = clock;
    Properties props = new Properties();
    props.setProperty("mail.smtp.host", config.relayHost());
    props.setProperty("mail.smtp.port", Integer.toString(config.relayPort()));
    props.setProperty("mail.smtp.connectiontimeout", Integer.toString(TIMEOUT_MS));
    props.setProperty("mail.smtp.timeout", Integer.toString(TIMEOUT_MS));
    props.setProperty("mail.smtp.writetimeout", Integer.toString(TIMEOUT_MS));
    props.setProperty("mail.smtp.starttls.enable", "true");
    props.setProperty("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
    props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    this.session = Session.getInstance(props);
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void deliver(Notification n) throws DeliveryException {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(config.from(), true));
      for (String to : config.to()) {
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
      }
      m.setSubject(Notifications.oneLine(n.title()), StandardCharsets.UTF_8.name());
      m.setSentDate(Date.from(clock.instant()));
      m.setHeader("Auto-Submitted", "auto-generated");
      m.setText(n.text(), StandardCharsets.UTF_8.name());
      Transport.send(m);
    } catch (MessagingException e) {
      throw new DeliveryException(
          "email via " + config.relayHost() + ":" + config.relayPort() + ": " + e.getMessage(), e);
    }
  }
}
