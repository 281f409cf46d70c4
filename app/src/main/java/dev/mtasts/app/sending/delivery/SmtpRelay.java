package dev.mtasts.app.sending.delivery;

import dev.mtasts.app.relay.RelayClient;
import dev.mtasts.app.relay.RelayResult;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;

/**
 * {@code smtp: {relay: HOST:PORT, ...}}: report mail goes to the relay (an MTA the operator runs,
 * which must deliver it without applying MTA-STS or DANE to it, RFC 8460 §5.3) through the {@link
 * RelayClient}. The message's bytes are sent as they are, so that its DKIM signature holds. A 5xx
 * reply to the message is a failure not worth retrying; anything else that fails (the relay
 * unreachable, TLS, AUTH, a 4xx) is retried.
 */
public final class SmtpRelay implements MailTransport {

  private final RelayClient relay;

  public SmtpRelay(RelayClient relay) {
    this.relay = relay;
  }

  @Override
  public Outcome send(String from, String to, byte[] message) {
    try {
      new InternetAddress(to, true).validate();
    } catch (AddressException e) {
      return new Outcome.Refused("not a mail address: " + to);
    }
    return switch (relay.send(from, List.of(to), message)) {
      case RelayResult.Accepted a -> new Outcome.Delivered(a.detail());
      // Only a 5xx to the message or the recipient is about the rua; everything else is the
      // relay's (ours) and does not count against the rua.
      case RelayResult.Failed f ->
          f.permanent()
              ? new Outcome.Failed(f.code() + ": " + f.detail(), false)
              : new Outcome.NotSent(f.code() + ": " + f.detail());
    };
  }
}
