package dev.mtasts.app.relay;

import dev.mtasts.core.FileFailure;
import dev.mtasts.core.tls.TrustAnchors;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Hands messages to the configured relay over SMTP (RFC 5321, Angus Mail), one connection per
 * message. The message's bytes are sent as they are (a DKIM signature over them holds).
 *
 * <p>TLS is TLS 1.2 or 1.3, with the relay's certificate chained to the trusted roots (the JDK's
 * plus {@code ca_file}) and naming the relay's host. With {@code tls: starttls} a relay that does
 * not offer STARTTLS (RFC 3207) gets nothing, not even EHLO's follow-up. Credentials go over
 * required TLS only ({@link RelayConfig} refuses anything else); the password is read from its file
 * at each send, and the relay must offer AUTH (RFC 4954) when credentials are configured.
 */
public final class RelayClient {

  private static final String PROTOCOLS = "TLSv1.3 TLSv1.2";

  private final RelayConfig config;
  private final SSLSocketFactory tls;
  private final String heloName;
  private final Duration timeout;

  /**
   * @param anchors the roots the relay's certificate must chain to
   * @param heloName our name in EHLO
   * @param timeout for connecting and for each read and write
   */
  public RelayClient(RelayConfig config, TrustAnchors anchors, String heloName, Duration timeout) {
    this.config = config;
    this.tls = anchors.sslContext().getSocketFactory();
    this.heloName = heloName;
    this.timeout = timeout;
  }

  public RelayConfig config() {
    return config;
  }

  /** Sends {@code message} (CRLF lines) with envelope {@code from} to {@code recipients}. */
  public RelayResult send(String from, List<String> recipients, byte[] message) {
    InternetAddress[] to = new InternetAddress[recipients.size()];
    for (int i = 0; i < to.length; i++) {
      try {
        to[i] = new InternetAddress(recipients.get(i), true);
      } catch (AddressException e) {
        return new RelayResult.Failed(
            "RELAY_REFUSED", "not a mail address: " + recipients.get(i), true);
      }
    }
    String password = null;
    if (config.login().isPresent()) {
      var file = config.login().get().passwordFile();
      try {
        password = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        return new RelayResult.Failed(
            "RELAY_PASSWORD_FILE",
            config.key() + ".password_file " + FileFailure.message(file, e),
            false);
      }
      if (password.isEmpty()) {
        return new RelayResult.Failed(
            "RELAY_PASSWORD_FILE", config.key() + ".password_file " + file + " is empty", false);
      }
    }
    Session session = Session.getInstance(properties(from));
    try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
      MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(message));
      transport.connect(
          config.host(),
          config.port(),
          config.login().map(RelayConfig.Login::username).orElse(null),
          password);
      if (config.login().isPresent()
          && !transport.supportsExtension("AUTH")
          && !transport.supportsExtension("AUTH=LOGIN")) {
        return new RelayResult.Failed(
            "RELAY_AUTH",
            "relay "
                + config.address()
                + " offers no AUTH, but "
                + config.key()
                + ".username is set",
            false);
      }
      transport.sendMessage(mime, to);
      return new RelayResult.Accepted(
          "relay "
              + config.address()
              + " accepted it: "
              + oneLine(transport.getLastServerResponse()));
    } catch (MessagingException e) {
      return failure(e);
    }
  }

  private Properties properties(String from) {
    String millis = Long.toString(timeout.toMillis());
    Properties p = new Properties();
    p.setProperty("mail.smtp.from", from);
    p.setProperty("mail.smtp.localhost", heloName);
    p.setProperty("mail.smtp.connectiontimeout", millis);
    p.setProperty("mail.smtp.timeout", millis);
    p.setProperty("mail.smtp.writetimeout", millis);
    p.put("mail.smtp.ssl.socketFactory", tls);
    p.setProperty("mail.smtp.ssl.protocols", PROTOCOLS);
    p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    switch (config.tls()) {
      case STARTTLS -> {
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
      }
      case STARTTLS_WHEN_OFFERED -> p.setProperty("mail.smtp.starttls.enable", "true");
      case IMPLICIT -> p.setProperty("mail.smtp.ssl.enable", "true");
      case NONE -> {
        // clear text
      }
    }
    if (config.login().isPresent()) {
      p.setProperty("mail.smtp.auth", "true");
      p.setProperty("mail.smtp.auth.mechanisms", "PLAIN LOGIN");
    }
    return p;
  }

  private RelayResult failure(MessagingException e) {
    String where = "relay " + config.address();
    if (e instanceof AuthenticationFailedException) {
      return new RelayResult.Failed(
          "RELAY_AUTH",
          where + " refused " + config.key() + ".username: " + oneLine(e.getMessage()),
          false);
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      switch (t) {
        case SMTPAddressFailedException a -> {
          return replied(where, a.getReturnCode(), a.getMessage());
        }
        case SMTPSendFailedException s -> {
          return replied(where, s.getReturnCode(), s.getMessage());
        }
        case SSLException tlsFailure -> {
          return new RelayResult.Failed("RELAY_TLS", where + ": " + causes(e), false);
        }
        case CertificateException certificate -> {
          return new RelayResult.Failed("RELAY_TLS", where + ": " + causes(e), false);
        }
        default -> {
          // look further down the chain
        }
      }
    }
    if (String.valueOf(e.getMessage()).startsWith("STARTTLS is required")) {
      return new RelayResult.Failed(
          "RELAY_TLS",
          where + " does not offer STARTTLS, and " + config.key() + ".tls requires it",
          false);
    }
    String code = e instanceof MailConnectException ? "RELAY_UNREACHABLE" : "RELAY_FAILED";
    return new RelayResult.Failed(code, where + ": " + causes(e), false);
  }

  /** RFC 5321 §4.2.1: 5yz is a permanent negative reply, 4yz a transient one. */
  private static RelayResult replied(String where, int code, String message) {
    boolean permanent = code >= 500 && code <= 599;
    return new RelayResult.Failed(
        permanent ? "RELAY_REFUSED" : "RELAY_DEFERRED",
        where + " answered " + oneLine(message),
        permanent);
  }

  /** The exception's message and those of its causes, each once. */
  private static String causes(Throwable e) {
    StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !s.toString().contains(m)) {
        s.append(": ").append(m);
      }
    }
    return oneLine(s.toString());
  }

  private static String oneLine(String s) {
    return String.valueOf(s).replaceAll("\\s+", " ").strip();
  }
}
