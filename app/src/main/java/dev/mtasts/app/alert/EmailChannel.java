package dev.mtasts.app.alert;

import dev.mtasts.app.relay.RelayClient;
import dev.mtasts.app.relay.RelayResult;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;

/**
 * Alerts as plain-text mail through the SMTP relay (docs/alerts.md), sent by the {@link
 * RelayClient} (STARTTLS, implicit TLS, AUTH as configured). Marked {@code Auto-Submitted:
 * auto-generated} (RFC 3834) so that no auto-reply answers it.
 */
public final class EmailChannel implements AlertChannel {

  private final AlertConfig.Email config;
  private final RelayClient relay;
  private final Session session;
  private final Clock clock;

  public EmailChannel(AlertConfig.Email config, RelayClient relay, Clock clock) {
    this.config = config;
    this.relay = relay;
    this.clock = clock;
    Properties props = new Properties();
    props.setProperty("mail.from", config.from()); // the Message-ID's right-hand side
    this.session = Session.getInstance(props);
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void deliver(Notification n) throws DeliveryException {
    byte[] message;
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
      m.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.writeTo(out);
      message = out.toByteArray();
    } catch (MessagingException | IOException e) {
      throw new DeliveryException("email: cannot build the message: " + e.getMessage(), e);
    }
    if (relay.send(config.from(), config.to(), message) instanceof RelayResult.Failed f) {
      throw new DeliveryException("email: " + f.code() + ": " + f.detail());
    }
  }
}
