package dev.mtasts.app.lab.smtp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message an MX host of the lab accepted, with how the session that carried it was secured.
 *
 * @param mxHost the MX host that accepted it
 * @param helo the client's EHLO/HELO argument
 * @param mailFrom the reverse path, without angle brackets ("" for the null path)
 * @param recipients the forward paths, without angle brackets
 * @param starttls whether the session used STARTTLS (RFC 3207) before MAIL FROM
 * @param tlsProtocol the negotiated protocol (e.g. {@code TLSv1.3}), "" without TLS
 * @param tlsCipher the negotiated cipher suite, "" without TLS
 * @param receivedAt when the final dot arrived
 * @param content the message as received, dot-stuffing removed, CRLF line endings
 */
public record ReceivedMessage(
    String mxHost,
    String helo,
    String mailFrom,
    List<String> recipients,
    boolean starttls,
    String tlsProtocol,
    String tlsCipher,
    Instant receivedAt,
    byte[] content) {

  public ReceivedMessage {
    Objects.requireNonNull(mxHost, "mxHost");
    recipients = List.copyOf(recipients);
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The content decoded as UTF-8 (RFC 6532 allows UTF-8 headers). */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }
}
