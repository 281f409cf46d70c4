package dev.mtasts.core.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: a message split into its header fields and where its body starts (RFC 5322 §2.1). Lines
 * end in CRLF or, as in files and from an MTA's pipe, a bare LF; both count as CRLF (the canonical
 * form DKIM signs, RFC 6376 §5.3). A leading mbox {@code From } line is skipped.
 *
 * @param fields the header fields, top to bottom
 * @param bodyStart the offset of the body's first byte in the message (its length when none)
 */
record HeaderSection(List<HeaderField> fields, int bodyStart) {

  HeaderSection {
    fields = List.copyOf(fields);
  }

  /** Reads the header section within the limits, or fails with the reason. */
  static HeaderSection read(byte[] message, int maxBytes, int maxFields) throws DkimFailure {
    List<HeaderField> fields = new ArrayList<>();
    int at = skipMboxLine(message);
    StringBuilder field = null;
    String name = null;
    while (at < message.length) {
      int lineEnd = lineEnd(message, at);
      int next = lineEnd < message.length ? lineEnd + 1 : lineEnd;
      int contentEnd = lineEnd > at && message[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
      if (next > maxBytes) {
        throw new DkimFailure(
            DkimReason.HEADER_TOO_LARGE, "the header section is over " + maxBytes + " bytes");
      }
      if (contentEnd == at) { // the empty line ends the header section
        add(fields, name, field, maxFields);
        return new HeaderSection(fields, next);
      }
      String line = new String(message, at, contentEnd - at, StandardCharsets.ISO_8859_1);
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (field == null) {
          throw new DkimFailure(
              DkimReason.HEADER_MALFORMED, "the message starts with a continuation line");
        }
        field.append(line).append("\r\n");
      } else {
        add(fields, name, field, maxFields);
        int colon = line.indexOf(':');
        if (colon <= 0 || !validName(line.substring(0, colon).stripTrailing())) {
          throw new DkimFailure(
              DkimReason.HEADER_MALFORMED,
              "header line " + (fields.size() + 1) + " is not a field (name and colon)");
        }
        name = line.substring(0, colon);
        field = new StringBuilder(line).append("\r\n");
      }
      at = next;
    }
    add(fields, name, field, maxFields); // a message without a body
    return new HeaderSection(fields, message.length);
  }

  private static void add(List<HeaderField> fields, String name, StringBuilder field, int max)
      throws DkimFailure {
    if (field == null) {
      return;
    }
    if (fields.size() >= max) {
      throw new DkimFailure(
          DkimReason.HEADER_TOO_LARGE, "the header section has over " + max + " fields");
    }
    fields.add(new HeaderField(name, field.toString()));
  }

  // RFC 5322 §3.6.8: ftext = %d33-57 / %d59-126, trailing white space before the colon tolerated
  private static boolean validName(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':');
  }

  private static int skipMboxLine(byte[] message) {
    if (message.length >= 5
        && new String(message, 0, 5, StandardCharsets.ISO_8859_1).equals("From ")) {
      int end = lineEnd(message, 0);
      return end < message.length ? end + 1 : end;
    }
    return 0;
  }

  /** The index of the LF ending the line that starts at {@code from}, or the message length. */
  static int lineEnd(byte[] message, int from) {
    for (int i = from; i < message.length; i++) {
      if (message[i] == '\n') {
        return i;
      }
    }
    return message.length;
  }
}
