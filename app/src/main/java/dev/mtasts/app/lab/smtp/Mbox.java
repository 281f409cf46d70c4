package dev.mtasts.app.lab.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Appends received messages to an mbox file (the mboxrd variant: "From " lines in the body gain a
 * {@code >}), each with a {@code Received:} header saying how it arrived (RFC 5321 §4.4, with the
 * TLS protocol and cipher as Postfix writes them).
 */
public final class Mbox {

  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final Pattern FROM_LINE = Pattern.compile("^>*From ");

  private Mbox() {}

  /** Appends {@code message} to {@code file}, creating it and its directory when needed. */
  public static synchronized void append(Path file, ReceivedMessage message) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(
          file,
          format(message),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One mbox entry: separator line, trace header, body with "From " escaped, blank line. */
  static byte[] format(ReceivedMessage message) {
    StringBuilder head = new StringBuilder();
    String sender = message.mailFrom().isEmpty() ? "MAILER-DAEMON" : message.mailFrom();
    head.append("From ").append(sender).append(' ').append(ASCTIME.format(message.receivedAt()));
    head.append("\nReceived: from ")
        .append(message.helo())
        .append("\n\tby ")
        .append(message.mxHost())
        .append(" (mtasts lab) with ")
        .append(message.starttls() ? "ESMTPS" : "ESMTP");
    if (message.starttls()) {
      head.append(" (")
          .append(message.tlsProtocol())
          .append(' ')
          .append(message.tlsCipher())
          .append(')');
    }
    head.append("\n\tfor <")
        .append(String.join(">, <", message.recipients()))
        .append(">; ")
        .append(
            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                message.receivedAt().atOffset(ZoneOffset.UTC)))
        .append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    String text = message.text();
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    }
    for (String line : text.split("\r\n", -1)) {
      out.writeBytes(
          ((FROM_LINE.matcher(line).find() ? ">" : "") + line + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    out.write('\n');
    return out.toByteArray();
  }
}
